-- job_purge_old: at a frozen clock, the record of a job run goes once it started more than
-- retention.job_runs_days ago (default 50); one started at the cutoff stays, and so does the
-- latest run of a job however old (its last result), while the table no longer grows forever.
begin;
select plan(5);

delete from app.job_runs;
-- the cutoff at 2026-12-01 12:00 with 50 days is 2026-10-12 12:00
insert into app.job_runs (job, runner, status, started_at, finished_at, result)
values
('end_stuck_calls', 'sql', 'succeeded', '2026-10-12 11:58:00+00', '2026-10-12 11:58:01+00', '{}'),
('end_stuck_calls', 'sql', 'succeeded', '2026-10-12 11:59:00+00', '2026-10-12 11:59:01+00', '{}'),
('end_stuck_calls', 'sql', 'succeeded', '2026-10-12 12:00:00+00', '2026-10-12 12:00:01+00', '{}'),
('end_stuck_calls', 'sql', 'succeeded', '2026-11-30 12:00:00+00', '2026-11-30 12:00:01+00', '{}'),
('media_maintenance', 'sql', 'succeeded', '2026-08-01 01:00:00+00', '2026-08-01 01:00:09+00', '{}');

select tests.freeze_time('2026-12-01 12:00:00+00');
select tests.authenticate_as_service_role();
select is(app.purge_old_job_runs(), 2, 'two runs were past retention');
reset role;
select results_eq(
    $$ select job, started_at from app.job_runs order by job, started_at $$,
    $$ values
        ('end_stuck_calls', '2026-10-12 12:00:00+00'::timestamptz),
        ('end_stuck_calls', '2026-11-30 12:00:00+00'::timestamptz),
        ('media_maintenance', '2026-08-01 01:00:00+00'::timestamptz) $$,
    'runs before the cutoff go; the one at the cutoff and each job''s latest run stay'
);

-- a shorter setting moves the cutoff, and purge_old reports the count
insert into app.app_settings (key, value)
values ('retention.job_runs_days', '10')
on conflict (key) do update set value = excluded.value;
select tests.authenticate_as_service_role();
select app.run_job('purge_old', 'cli') -> 'result' as purged \gset
reset role;
select is(
    (:'purged'::jsonb ->> 'job_runs')::integer, 1,
    'purge_old removes the runs past retention.job_runs_days and reports them'
);
select is(
    (select count(*)::integer from app.job_runs where job = 'end_stuck_calls'), 1,
    'only the latest run of the every-minute job is left'
);

reset role;
select tests.create_user('adam', 'admin');
select tests.authenticate_as('adam');
select throws_ok(
    $$ select app.purge_old_job_runs() $$,
    '42501', null, 'no API user, not even an admin, may purge job runs'
);

select * from finish();
rollback;
