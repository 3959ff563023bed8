-- complete_profile derives the tropical sun sign in SQL on the first and last day of every sign
-- of app.zodiac_signs (the expectations come from the table) and on 29 February; the client
-- never sends it.
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

select
    is(
        pg_temp.sign_for(make_date(2000, z.start_month, z.start_day)),
        z.code,
        'the first day of ' || z.code || ' is ' || z.code
    )
from app.zodiac_signs as z;

select
    is(
        pg_temp.sign_for(make_date(2000, z.end_month, z.end_day)),
        z.code,
        'the last day of ' || z.code || ' is ' || z.code
    )
from app.zodiac_signs as z;

select is(
    pg_temp.sign_for(date '2000-02-29'),
    app.zodiac_sign_for(date '2000-02-29'),
    '29 February gets the sign app.zodiac_sign_for gives it'
);

select * from finish();
rollback;
