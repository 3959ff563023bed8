-- The profile's API shape has one home, the type app.profile_api: get_my_profile and
-- complete_profile both return a set of it, and give the same row.
begin;
select plan(5);

select is(
    'public.get_my_profile()'::regprocedure::oid,
    (
        select p.oid from pg_proc as p
        where
            p.oid = 'public.get_my_profile()'::regprocedure
            and p.prorettype = 'app.profile_api'::regtype and p.proretset
    ),
    'get_my_profile returns setof app.profile_api'
);
select is(
    (
        select p.prorettype::regtype::text from pg_proc as p
        where p.proname = 'complete_profile' and p.pronamespace = 'public'::regnamespace
    ),
    'app.profile_api',
    'complete_profile returns the same type'
);
select columns_are(
    'app', 'profile_api',
    array[
        'id', 'role', 'email', 'first_name', 'last_name', 'gender', 'marital_status',
        'date_of_birth', 'birth_time', 'birth_place', 'zodiac_sign', 'country_code',
        'time_zone', 'language', 'phone', 'phone_verified', 'email_verified', 'is_blocked',
        'created_at', 'updated_at'
    ],
    'the API shape keeps its twenty columns (blocked_at stays internal)'
);

select tests.create_user('carol', 'client');
select tests.authenticate_as('carol');

create temporary table completed as
select * from public.complete_profile('Carol', 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'en');

select set_eq(
    $$ select * from public.get_my_profile() $$,
    $$ select * from completed $$,
    'get_my_profile returns what complete_profile returned'
);
select is(
    (select count(*)::integer from public.get_my_profile()),
    1,
    'one row for the signed-in user'
);

select * from finish();
rollback;
