-- complete_profile: every signed-in role completes its own profile only; anon is refused; no
-- argument reaches the phone, verification flags, role or block state.
begin;
select plan(11);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.clear_authentication();
select throws_ok(
    $$ select * from public.complete_profile('A', 'B', '1990-05-05', 'AE', 'Asia/Dubai', 'en') $$,
    '42501', null, 'anon may not complete a profile'
);

select tests.authenticate_as('alice');
select results_eq(
    $$
        select p.id, p.first_name, p.last_name, p.country_code, p.time_zone, p.language,
            p.zodiac_sign
        from public.complete_profile(
            '  Alice  ', ' Smith ', '1990-05-05', 'ae', 'Asia/Dubai', 'ar', 'female', 'single',
            '07:30', ' Dubai '
        ) as p
    $$,
    $$
        values (
            tests.get_user_id('alice'), 'Alice'::text, 'Smith'::text, 'AE'::char(2),
            'Asia/Dubai'::text, 'ar'::text, 'taurus'::text
        )
    $$,
    'a client completes their profile: names trimmed, country upper-cased, zodiac derived'
);
select results_eq(
    $$ select p.gender, p.marital_status, p.birth_time, p.birth_place from public.get_my_profile() as p $$,
    $$ values ('female'::text, 'single'::text, '07:30'::time, 'Dubai'::text) $$,
    'the optional details are stored'
);
select results_eq(
    $$
        select p.phone, p.phone_verified, p.role, p.is_blocked
        from public.get_my_profile() as p
    $$,
    $$ values (null::text, false, 'client'::text, false) $$,
    'phone, verification, role and block state are untouched'
);

reset role;
select is(
    (select p.first_name from app.profiles as p where p.id = tests.get_user_id('bob')),
    null,
    'another user''s profile is untouched'
);

select tests.authenticate_as('alice');
select results_eq(
    $$
        select p.first_name, p.gender, p.birth_place
        from public.complete_profile('Alicia', 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'en') as p
    $$,
    $$ values ('Alicia'::text, null::text, null::text) $$,
    'completing again corrects the profile and clears left-out optional details'
);

select tests.authenticate_as('rita');
select is(
    (select p.zodiac_sign from public.complete_profile('Rita', 'R', '1985-12-25', 'EG', 'Africa/Cairo', 'ar') as p),
    'capricorn', 'a reader completes their profile'
);
select tests.authenticate_as('mona');
select is(
    (select p.id from public.complete_profile('Mona', 'M', '1980-01-01', 'SA', 'Asia/Riyadh', 'ar') as p),
    tests.get_user_id('mona'), 'a monitor completes their own profile'
);
select tests.authenticate_as('adam');
select is(
    (select p.id from public.complete_profile('Adam', 'A', '1975-07-07', 'GB', 'Europe/London', 'en') as p),
    tests.get_user_id('adam'), 'an admin completes their own profile'
);
select tests.authenticate_as('sara');
select is(
    (select p.id from public.complete_profile('Sara', 'S', '1970-03-03', 'US', 'America/New_York', 'en') as p),
    tests.get_user_id('sara'), 'a superadmin completes their own profile'
);

select tests.authenticate_as_service_role();
select throws_ok(
    $$ select * from public.complete_profile('A', 'B', '1990-05-05', 'AE', 'Asia/Dubai', 'en') $$,
    '42501', null, 'the service role may not call complete_profile'
);

select * from finish();
rollback;
