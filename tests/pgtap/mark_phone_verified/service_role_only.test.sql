-- app.mark_phone_verified: only the service role (the verify_phone_check function after an
-- approved check) sets phone and phone_verified; one account per number.
begin;
select plan(9);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('sara', 'superadmin');

select tests.authenticate_as('alice');
select throws_ok(
    $$ select app.mark_phone_verified(tests.get_user_id('alice'), '+971501234567') $$,
    '42501', null, 'a client cannot mark their own phone verified'
);
select tests.authenticate_as('sara');
select throws_ok(
    $$ select app.mark_phone_verified(tests.get_user_id('alice'), '+971501234567') $$,
    '42501', null, 'nor can a superadmin'
);
select tests.clear_authentication();
select throws_ok(
    $$ select app.mark_phone_verified(tests.get_user_id('alice'), '+971501234567') $$,
    '42501', null, 'nor anon'
);

select tests.authenticate_as_service_role();
select lives_ok(
    $$ select app.mark_phone_verified(tests.get_user_id('alice'), '+971501234567') $$,
    'the service role marks a phone verified'
);
select results_eq(
    $$ select p.phone, p.phone_verified from app.profiles as p where p.id = tests.get_user_id('alice') $$,
    $$ values ('+971501234567'::text, true) $$,
    'phone and flag are set'
);
select throws_ok(
    $$ select app.mark_phone_verified(tests.get_user_id('bob'), '+971501234567') $$,
    'NUMTK', null, 'the same number for another account is refused'
);
select throws_ok(
    $$ select app.mark_phone_verified(tests.get_user_id('bob'), '971501234567') $$,
    'BADPH', null, 'a number that is not E.164 is refused'
);
select throws_ok(
    $$ select app.mark_phone_verified(gen_random_uuid(), '+971509999999') $$,
    '42501', null, 'an unknown user is refused'
);
select lives_ok(
    $$ select app.mark_phone_verified(tests.get_user_id('alice'), '+971509999999') $$,
    'a user may replace their number with another verified one'
);

select * from finish();
rollback;
