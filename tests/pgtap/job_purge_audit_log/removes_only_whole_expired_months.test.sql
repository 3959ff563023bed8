-- job_purge_audit_log: the one guarded path out of the append-only audit log. It removes whole
-- calendar months past retention.audit_log_days and nothing younger; outside it, deletes still
-- fail with AUDRO, even with its flag raised by hand for a row not yet expired.
begin;
select plan(6);

select tests.freeze_time('2026-12-15 12:00:00+00');
insert into app.app_settings (key, value)
values ('retention.audit_log_days', '365')
on conflict (key) do update set value = excluded.value;
-- 365 days before the frozen clock is 2025-12-15: November 2025 and before are whole months past
select is(
    app.audit_log_purge_before(), '2025-12-01 00:00:00+00'::timestamptz,
    'the oldest kept month starts 2025-12-01'
);
insert into app.audit_log (occurred_at, event, entity_type, entity_id)
values
('2025-11-30 23:59:59+00', 'test.event', 'test', 'expired'),
('2025-12-01 00:00:00+00', 'test.event', 'test', 'kept');

select throws_ok(
    $$ delete from app.audit_log where entity_type = 'test' and entity_id = 'expired' $$,
    'AUDRO', null, 'a plain delete of even an expired row is refused'
);
select set_config('app.audit_log_purge', 'on', true);
select throws_ok(
    $$ delete from app.audit_log where entity_type = 'test' and entity_id = 'kept' $$,
    'AUDRO', null, 'the flag does not let a row of a kept month go'
);
select set_config('app.audit_log_purge', '', true);

select tests.authenticate_as_service_role();
select is(
    app.run_job('purge_audit_log', 'cli') ->> 'status', 'succeeded', 'the job runs'
);
reset role;
select results_eq(
    $$ select entity_id from app.audit_log where entity_type = 'test' $$,
    $$ values ('kept'::text) $$,
    'the expired month is gone, the kept one stays'
);
select throws_ok(
    $$ update app.audit_log set event = 'x' where entity_type = 'test' $$,
    'AUDRO', null, 'updates are still refused'
);

select * from finish();
rollback;
