-- app.zodiac_sign_for on both sides of every cusp, across the new year and on Feb 29.
begin;
select plan(29);

select is(app.zodiac_sign_for(t.d), t.sign, t.d::text || ' is ' || t.sign)
from (
    values
    (date '1990-03-20', 'pisces'),
    (date '1990-03-21', 'aries'),
    (date '1990-04-19', 'aries'),
    (date '1990-04-20', 'taurus'),
    (date '1990-05-20', 'taurus'),
    (date '1990-05-21', 'gemini'),
    (date '1990-06-20', 'gemini'),
    (date '1990-06-21', 'cancer'),
    (date '1990-07-22', 'cancer'),
    (date '1990-07-23', 'leo'),
    (date '1990-08-22', 'leo'),
    (date '1990-08-23', 'virgo'),
    (date '1990-09-22', 'virgo'),
    (date '1990-09-23', 'libra'),
    (date '1990-10-22', 'libra'),
    (date '1990-10-23', 'scorpio'),
    (date '1990-11-21', 'scorpio'),
    (date '1990-11-22', 'sagittarius'),
    (date '1990-12-21', 'sagittarius'),
    (date '1990-12-22', 'capricorn'),
    (date '1990-12-31', 'capricorn'),
    (date '1991-01-01', 'capricorn'),
    (date '1991-01-19', 'capricorn'),
    (date '1991-01-20', 'aquarius'),
    (date '1991-02-18', 'aquarius'),
    (date '1991-02-19', 'pisces'),
    (date '2000-02-29', 'pisces')
) as t (d, sign);

select is(app.zodiac_sign_for(null), null, 'no birth date has no sign');

select is(
    app.zodiac_sign_for(date '2024-03-21'),
    app.zodiac_sign_for(date '1950-03-21'),
    'the sign does not depend on the year'
);

select * from finish();
rollback;
