-- The tests schema's identity helpers behave as the suite relies on.
begin;
select plan(8);

select isnt(tests.create_user('hana'), null, 'create_user returns the new user id');
select is(
    tests.get_user_id('hana'),
    (select u.id from auth.users as u where u.email = 'hana@test.local'),
    'get_user_id finds the user by identifier'
);
select throws_ok(
    $$ select tests.get_user_id('nobody') $$, 'TSTID', null, 'an unknown identifier raises'
);
select throws_ok(
    $$ select tests.create_user('x', 'root') $$, 'TSTRL', null, 'an unknown role raises'
);

select tests.authenticate_as('hana');

select results_eq(
    $$ select current_user::text collate "default", auth.uid(), auth.role() $$,
    $$ select 'authenticated', tests.get_user_id('hana'), 'authenticated' $$,
    'authenticate_as switches role and claims'
);

select tests.authenticate_as_service_role();

select results_eq(
    $$ select current_user::text collate "default", auth.uid(), auth.role() $$,
    $$ select 'service_role', null::uuid, 'service_role' $$,
    'authenticate_as_service_role acts as the service role without a user'
);

select tests.clear_authentication();

select results_eq(
    $$ select current_user::text collate "default", auth.uid(), auth.role() $$,
    $$ select 'anon', null::uuid, 'anon' $$,
    'clear_authentication acts as anon'
);

select tests.authenticate_as('hana');

select is(auth.uid(), tests.get_user_id('hana'), 'anon can switch back to a user');

select * from finish();
rollback;
