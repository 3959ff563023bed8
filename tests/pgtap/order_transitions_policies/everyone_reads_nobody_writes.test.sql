-- app.order_transitions: signed-in users read the rules; only migrations change them.
begin;
select plan(5);

select tests.create_user('alice', 'client');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.clear_authentication();
select throws_ok(
    $$ select 1 from app.order_transitions $$,
    '42501', null, 'anon cannot read the transitions'
);
select tests.authenticate_as('alice');
select isnt_empty($$ select 1 from app.order_transitions $$, 'a client reads the transitions');
select tests.authenticate_as('sara');
select throws_ok(
    $$ delete from app.order_transitions $$,
    '42501', null, 'a superadmin cannot delete transitions'
);
select tests.authenticate_as('adam');
select throws_ok(
    $$ insert into app.order_transitions (from_status, to_status, actor_role, description) values ('new', 'delivered', 'admin', 'shortcut') $$,
    '42501', null, 'an admin cannot add transitions'
);
select tests.authenticate_as_service_role();
select throws_ok(
    $$ update app.order_transitions set actor_role = 'client' where actor_role = 'service' $$,
    '42501', null, 'the service role cannot change the transitions'
);

select * from finish();
rollback;
