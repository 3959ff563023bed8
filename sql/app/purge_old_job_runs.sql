-- requires: sql/app/now.sql
-- requires: sql/app/retention_days.sql

-- purge_old_job_runs: part of app.job_purge_old. Deletes the records of job runs started more
-- than retention.job_runs_days ago (an every-minute job alone writes 1,440 a day), except the
-- latest run of each job, which `samia jobs list` and admins read as its last result however
-- rarely the job runs. Returns how many went.
-- Definer because nobody may delete job runs through the API (no delete grant).
create or replace function app.purge_old_job_runs() returns integer
language sql
volatile
security definer
set search_path = ''
as $$
    with gone as (
        delete from app.job_runs as r
        where
            r.started_at
            < app.now() - pg_catalog.make_interval(days => app.retention_days('job_runs'))
            and exists (
                select 1 from app.job_runs as later
                where later.job = r.job and later.started_at > r.started_at
            )
        returning 1
    )
    select count(*)::integer from gone
$$;

comment on function app.purge_old_job_runs() is
'Deletes job runs older than retention.job_runs_days, keeping the latest run of each job.';

revoke execute on function app.purge_old_job_runs() from public, anon, authenticated;

grant execute on function app.purge_old_job_runs() to service_role;
