-- complete_profile: each invalid field raises its registered code and nothing is written.
begin;
select plan(20);

select tests.create_user('alice', 'client');
select tests.authenticate_as('alice');

select throws_ok(
    $$ select * from public.complete_profile('   ', 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'en') $$,
    'BADNM', null, 'a blank first name is refused'
);
select throws_ok(
    $$ select * from public.complete_profile(null, 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'en') $$,
    'BADNM', null, 'a missing first name is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', repeat('x', 101), '1990-05-05', 'AE', 'Asia/Dubai', 'en') $$,
    'BADNM', null, 'a last name over 100 characters is refused'
);
select lives_ok(
    $$ select * from public.complete_profile(repeat('x', 100), 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'en') $$,
    'a name of exactly 100 characters is accepted'
);
select throws_ok(
    $$ select * from public.complete_profile('Al' || chr(7) || 'ice', 'S', '1990-05-05', 'AE', 'Asia/Dubai', 'en') $$,
    'BADNM', null, 'a name with a control character is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', null, 'AE', 'Asia/Dubai', 'en') $$,
    'BADDB', null, 'a missing date of birth is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1899-12-31', 'AE', 'Asia/Dubai', 'en') $$,
    'BADDB', null, 'a date of birth before 1900 is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', current_date + 2, 'AE', 'Asia/Dubai', 'en') $$,
    'BADDB', null, 'a date of birth in the future is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', 'XX', 'Asia/Dubai', 'en') $$,
    'BADCY', null, 'an unknown country is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', null, 'Asia/Dubai', 'en') $$,
    'BADCY', null, 'a missing country is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', 'AE', 'Mars/Olympus', 'en') $$,
    'BADTZ', null, 'an unknown time zone is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', 'AE', null, 'en') $$,
    'BADTZ', null, 'a missing time zone is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'fr') $$,
    'BADLG', null, 'a language other than ar or en is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'en', p_gender => 'robot') $$,
    'BADPF', null, 'an unknown gender is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'en', p_marital_status => 'complicated') $$,
    'BADPF', null, 'an unknown marital status is refused'
);
select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'en', p_birth_place => repeat('x', 201)) $$,
    'BADPF', null, 'a birth place over 200 characters is refused'
);

reset role;
update app.profiles set first_name = null where id = tests.get_user_id('alice');
select tests.authenticate_as('alice');

select throws_ok(
    $$ select * from public.complete_profile('Alice', 'Smith', '1990-05-05', 'AE', 'Asia/Dubai', 'fr') $$,
    'BADLG', null, 'a refused call'
);
select is(
    (select p.first_name from public.get_my_profile() as p),
    null,
    'writes nothing'
);

select throws_ok(
    $$ update app.profiles set phone = '+971501234567' where id = tests.get_user_id('alice') $$,
    '42501', null, 'the phone cannot be set by a direct update either'
);
select throws_ok(
    $$ update app.profiles set phone_verified = true where id = tests.get_user_id('alice') $$,
    '42501', null, 'nor the verification flag'
);

select * from finish();
rollback;
