-- Every run of a scheduled job, whoever started it (pg_cron, the jobs function, samia serve or
-- samia jobs run): app.run_job writes one row per run, including the runs it skipped because
-- the same job was still running. Written only by app.record_job_run (definer).

create table app.job_runs (
    id bigint generated always as identity primary key,
    job text not null check (job ~ '^[a-z_]{1,59}$'),
    runner text not null check (runner in ('pg_cron', 'scheduler', 'local', 'cli', 'sql')),
    status text not null check (status in ('succeeded', 'failed', 'skipped')),
    started_at timestamptz not null,
    finished_at timestamptz not null,
    result jsonb,
    error jsonb,
    constraint job_runs_finished_after_start check (finished_at >= started_at),
    constraint job_runs_error_iff_failed check ((status = 'failed') = (error is not null))
);

comment on table app.job_runs is
'One row per run of an app.job_<name>() function: when, by which runner, its JSON result or '
'its error ({code, message, detail, hint}); status skipped when that job was already running.';
comment on column app.job_runs.runner is
'Who started it: pg_cron, scheduler (the jobs function), local (samia serve), cli or sql.';
alter table app.job_runs enable row level security;
revoke all on table app.job_runs from anon, authenticated, service_role;

create index job_runs_job_started_at_idx on app.job_runs (job, started_at desc);
