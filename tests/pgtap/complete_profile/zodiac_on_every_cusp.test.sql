-- complete_profile derives the tropical sun sign in SQL on both sides of every cusp and on
-- 29 February; the client never sends it.
begin;
select plan(25);

select tests.create_user('alice', 'client');
select tests.authenticate_as('alice');

create function pg_temp.sign_for(p_date date) returns text
language sql
as $$
    select p.zodiac_sign
    from public.complete_profile('Alice', 'Smith', p_date, 'AE', 'Asia/Dubai', 'en') as p
$$;

select is(pg_temp.sign_for('2000-01-19'), 'capricorn', '19 January is Capricorn');
select is(pg_temp.sign_for('2000-01-20'), 'aquarius', '20 January is Aquarius');
select is(pg_temp.sign_for('2000-02-18'), 'aquarius', '18 February is Aquarius');
select is(pg_temp.sign_for('2000-02-19'), 'pisces', '19 February is Pisces');
select is(pg_temp.sign_for('2000-02-29'), 'pisces', '29 February is Pisces');
select is(pg_temp.sign_for('2000-03-20'), 'pisces', '20 March is Pisces');
select is(pg_temp.sign_for('2000-03-21'), 'aries', '21 March is Aries');
select is(pg_temp.sign_for('2000-04-19'), 'aries', '19 April is Aries');
select is(pg_temp.sign_for('2000-04-20'), 'taurus', '20 April is Taurus');
select is(pg_temp.sign_for('2000-05-20'), 'taurus', '20 May is Taurus');
select is(pg_temp.sign_for('2000-05-21'), 'gemini', '21 May is Gemini');
select is(pg_temp.sign_for('2000-06-20'), 'gemini', '20 June is Gemini');
select is(pg_temp.sign_for('2000-06-21'), 'cancer', '21 June is Cancer');
select is(pg_temp.sign_for('2000-07-22'), 'cancer', '22 July is Cancer');
select is(pg_temp.sign_for('2000-07-23'), 'leo', '23 July is Leo');
select is(pg_temp.sign_for('2000-08-22'), 'leo', '22 August is Leo');
select is(pg_temp.sign_for('2000-08-23'), 'virgo', '23 August is Virgo');
select is(pg_temp.sign_for('2000-09-22'), 'virgo', '22 September is Virgo');
select is(pg_temp.sign_for('2000-09-23'), 'libra', '23 September is Libra');
select is(pg_temp.sign_for('2000-10-22'), 'libra', '22 October is Libra');
select is(pg_temp.sign_for('2000-10-23'), 'scorpio', '23 October is Scorpio');
select is(pg_temp.sign_for('2000-11-21'), 'scorpio', '21 November is Scorpio');
select is(pg_temp.sign_for('2000-11-22'), 'sagittarius', '22 November is Sagittarius');
select is(pg_temp.sign_for('2000-12-21'), 'sagittarius', '21 December is Sagittarius');
select is(pg_temp.sign_for('2000-12-22'), 'capricorn', '22 December is Capricorn');

select * from finish();
rollback;
