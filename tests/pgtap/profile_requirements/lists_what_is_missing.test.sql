-- profile_requirements (via app.profile_missing_fields): what a user still lacks before
-- ordering, in form order, down to nothing once the profile is complete and the phone verified.
begin;
select plan(8);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.authenticate_as('alice');

select results_eq(
    $$ select r.complete, r.missing, r.minimum_age from public.profile_requirements() as r $$,
    $$
        values (
            false,
            array[
                'first_name', 'last_name', 'date_of_birth', 'country', 'time_zone',
                'phone_verified'
            ],
            18
        )
    $$,
    'a new user lacks everything but the default language'
);

select public.complete_profile('Alice', 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'en');

select results_eq(
    $$ select r.complete, r.missing from public.profile_requirements() as r $$,
    $$ values (false, array['phone_verified']) $$,
    'after complete_profile only the phone is missing'
);

reset role;
select app.mark_phone_verified(tests.get_user_id('alice'), '+971501234567');
select tests.authenticate_as('alice');

select results_eq(
    $$ select r.complete, r.missing from public.profile_requirements() as r $$,
    $$ values (true, array[]::text[]) $$,
    'with a verified phone the profile is complete'
);

reset role;
-- an account from before the age rule, or a lowered date by support: flagged as "age"
update app.profiles set date_of_birth = current_date - 365 where id = tests.get_user_id('alice');
select tests.authenticate_as('alice');

select results_eq(
    $$ select r.complete, r.missing from public.profile_requirements() as r $$,
    $$ values (false, array['age']) $$,
    'an under-age birth date is reported as age'
);

select is(
    app.profile_missing_fields(tests.get_user_id('bob')),
    array[
        'first_name', 'last_name', 'date_of_birth', 'country', 'time_zone', 'language',
        'phone_verified'
    ],
    'a profile the caller cannot see reports everything missing (no leak)'
);

select tests.authenticate_as_service_role();
select is(
    app.profile_missing_fields(tests.get_user_id('bob')),
    array[
        'first_name', 'last_name', 'date_of_birth', 'country', 'time_zone', 'phone_verified'
    ],
    'the service role reads any profile'
);

select tests.clear_authentication();
select throws_ok(
    $$ select * from public.profile_requirements() $$,
    '42501', null, 'anon may not call profile_requirements'
);

reset role;
select volatility_is(
    'public', 'profile_requirements', array[]::text[], 'stable', 'profile_requirements never writes'
);

select * from finish();
rollback;
