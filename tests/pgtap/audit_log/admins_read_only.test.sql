-- Audit rows are readable by admins and superadmins only.
begin;
select plan(5);

select tests.create_user('alice', 'client');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

insert into app.audit_log (actor_id, actor_role, event, entity_type, entity_id)
values (tests.get_user_id('alice'), 'client', 'test.read', 'test', 'x');

select tests.authenticate_as('alice');

select is_empty(
    $$ select 1 from app.audit_log $$,
    'a client cannot read the audit log, not even their own actions'
);

select tests.authenticate_as('mona');

select is_empty(
    $$ select 1 from app.audit_log $$,
    'a monitor cannot read the audit log'
);

select tests.authenticate_as('adam');

select results_eq(
    $$ select a.event from app.audit_log as a where a.entity_type = 'test' $$,
    $$ values ('test.read') $$,
    'an admin reads the audit log'
);

select tests.authenticate_as('sara');

select results_eq(
    $$ select a.event from app.audit_log as a where a.entity_type = 'test' $$,
    $$ values ('test.read') $$,
    'a superadmin reads the audit log'
);

select tests.clear_authentication();

select throws_ok(
    $$ select 1 from app.audit_log $$,
    '42501', null, 'anon cannot read the audit log'
);

select * from finish();
rollback;
