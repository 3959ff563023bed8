-- app.current_role() and app.has_role() read the role from app.profiles, per statement.
begin;
select plan(8);

select tests.create_user('rita', 'reader');
select tests.authenticate_as('rita');

select is(app.current_role(), 'reader', 'current_role is the profile role');
select ok(app.has_role('reader', 'admin'), 'has_role is true for a listed role');
select ok(not app.has_role('admin', 'superadmin'), 'has_role is false otherwise');

reset role;
update app.profiles set role = 'monitor' where id = tests.get_user_id('rita');
select tests.authenticate_as('rita');

select is(app.current_role(), 'monitor', 'a role change applies to the next statement');

select tests.authenticate_as_service_role();

select is(app.current_role(), null, 'the service role has no application role');
select ok(not app.has_role('admin'), 'has_role is false without a user');

select tests.clear_authentication();

select throws_ok(
    $$ select app.current_role() $$,
    '42501', null, 'anon cannot call current_role'
);
select throws_ok(
    $$ select app.has_role('admin') $$,
    '42501', null, 'anon cannot call has_role'
);

select * from finish();
rollback;
