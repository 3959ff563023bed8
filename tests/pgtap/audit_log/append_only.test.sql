-- app.audit_log is append-only for everyone: postgres and the service role included.
begin;
select plan(10);

insert into app.audit_log (event, entity_type, entity_id, new_data)
values ('test.event', 'test', 'one', '{"n": 1}');

select throws_ok(
    $$ update app.audit_log set event = 'tampered' where event = 'test.event' $$,
    'AUDRO', null, 'postgres cannot update an audit row'
);
select throws_ok(
    $$ delete from app.audit_log where event = 'test.event' $$,
    'AUDRO', null, 'postgres cannot delete an audit row'
);
select throws_ok(
    $$ truncate app.audit_log $$,
    'AUDRO', null, 'postgres cannot truncate the audit log'
);

select tests.authenticate_as_service_role();

select throws_ok(
    $$ update app.audit_log set event = 'tampered' where event = 'test.event' $$,
    '42501', null, 'the service role cannot update an audit row'
);
select throws_ok(
    $$ delete from app.audit_log where event = 'test.event' $$,
    '42501', null, 'the service role cannot delete an audit row'
);
select throws_ok(
    $$ truncate app.audit_log $$,
    '42501', null, 'the service role cannot truncate the audit log'
);

select tests.create_user('adam', 'admin');
select tests.authenticate_as('adam');

select throws_ok(
    $$ update app.audit_log set event = 'tampered' where event = 'test.event' $$,
    '42501', null, 'an admin cannot update an audit row'
);
select throws_ok(
    $$
        insert into app.audit_log (event, entity_type)
        values ('forged', 'test')
    $$,
    '42501', null, 'an admin cannot write audit rows directly'
);

select tests.authenticate_as_service_role();

select throws_ok(
    $$ alter table app.audit_log disable trigger audit_log_reject_update_delete $$,
    '42501', null, 'the service role cannot switch the guard trigger off'
);

reset role;

select results_eq(
    $$ select a.event, a.new_data from app.audit_log as a where a.entity_type = 'test' $$,
    $$ values ('test.event', '{"n": 1}'::jsonb) $$,
    'the audit row is unchanged after every attempt'
);

select * from finish();
rollback;
