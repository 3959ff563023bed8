-- get_my_profile: each signed-in user gets exactly their own row, staff included; anon is
-- refused.
begin;
select plan(5);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('mona', 'monitor');

select tests.authenticate_as('alice');
select results_eq(
    $$ select p.id, p.role, p.email from public.get_my_profile() as p $$,
    $$ values (tests.get_user_id('alice'), 'client'::text, 'alice@test.local'::text) $$,
    'a client gets their own profile'
);

select tests.authenticate_as('mona');
select results_eq(
    $$ select p.id from public.get_my_profile() as p $$,
    $$ values (tests.get_user_id('mona')) $$,
    'a monitor, who may read every profile, still gets only their own here'
);

select tests.authenticate_as_service_role();
select throws_ok(
    $$ select * from public.get_my_profile() $$,
    '42501', null, 'the service role, which has no profile, may not call it'
);

select tests.clear_authentication();
select throws_ok(
    $$ select * from public.get_my_profile() $$,
    '42501', null, 'anon may not call get_my_profile'
);

reset role;
select volatility_is('public', 'get_my_profile', array[]::text[], 'stable', 'get_my_profile never writes');

select * from finish();
rollback;
