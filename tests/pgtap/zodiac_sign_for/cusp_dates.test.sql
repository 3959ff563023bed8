-- app.zodiac_sign_for reads its boundaries from app.zodiac_signs: for every sign, its first and
-- last day map to it and the day before its first day maps to the previous sign (across the
-- new year too). The expectations come from the table, never from dates written here again.
begin;
select plan(42);

-- every sign with the sign before it in the calendar, wrapping from the first to the last
create temporary view signs as
select
    z.code,
    z.sort_order,
    make_date(2001, z.start_month, z.start_day) as first_day,
    make_date(2001, z.end_month, z.end_day) as last_day,
    coalesce(
        lag(z.code) over (order by z.sort_order),
        last_value(z.code) over (
            order by z.sort_order rows between unbounded preceding and unbounded following
        )
    ) as previous_code
from app.zodiac_signs as z;

select is(count(*)::integer, 12, 'the table holds twelve signs') from signs;

select is(app.zodiac_sign_for(s.first_day), s.code, s.code || ' starts on its first day')
from signs as s;

select is(app.zodiac_sign_for(s.last_day), s.code, s.code || ' ends on its last day')
from signs as s;

select
    is(
        app.zodiac_sign_for(s.first_day - 1),
        s.previous_code,
        'the day before ' || s.code || ' belongs to ' || s.previous_code
    )
from signs as s;

select is(
    (
        select count(*)::integer
        from generate_series(date '2000-01-01', date '2000-12-31', interval '1 day') as d
        where app.zodiac_sign_for(d::date) is null
    ),
    0,
    'every day of a leap year, 29 February included, has a sign'
);

select ok(
    app.zodiac_sign_for(date '2000-02-29')
    in (app.zodiac_sign_for(date '2000-02-28'), app.zodiac_sign_for(date '2000-03-01')),
    '29 February belongs to the sign of 28 February or of 1 March'
);

select is(app.zodiac_sign_for(null), null, 'no birth date has no sign');

select is(
    (
        select count(*)::integer
        from generate_series(date '2001-01-01', date '2001-12-31', interval '1 day') as d
        where app.zodiac_sign_for(d::date) is distinct from app.zodiac_sign_for(
            (d - interval '51 years')::date
        )
    ),
    0,
    'the sign does not depend on the year'
);

-- the table is the source: move the boundary between the last and the first sign by one day
create temporary table first_sign as
select s.code, s.first_day, s.previous_code from signs as s
order by s.sort_order
limit 1;
update app.zodiac_signs set start_day = start_day + 1
where code = (select f.code from first_sign as f);
update app.zodiac_signs set end_day = end_day + 1
where code = (select f.previous_code from first_sign as f);
select is(
    app.zodiac_sign_for((select f.first_day from first_sign as f)),
    (select f.previous_code from first_sign as f),
    'a boundary moved in app.zodiac_signs moves the sign app.zodiac_sign_for returns'
);

select * from finish();
rollback;
