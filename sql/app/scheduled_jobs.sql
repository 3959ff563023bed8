-- requires: sql/app/pg_cron_installed.sql

-- scheduled_jobs: the declared schedule (app.jobs_schedule) with the runner that fires each job
-- on this database: pg_cron where it is installed, for a job without a Python step; otherwise
-- Cloud Scheduler through the jobs function ('scheduler'), which deploy.sh sets up from this
-- list. app.sync_pg_cron_jobs schedules the pg_cron ones. (`samia serve` runs them all locally,
-- where there is no pg_cron.) PL/pgSQL, bound when it runs, so that it can be created before
-- app.jobs_schedule, whose file calls it through app.sync_pg_cron_jobs.
create or replace function app.scheduled_jobs()
returns table (job text, schedule text, python_step boolean, runner text)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    return query
    select
        s.job,
        s.schedule,
        s.python_step,
        case
            when
                not s.python_step
                and app.pg_cron_installed()
                then 'pg_cron'
            else 'scheduler'
        end
    from app.jobs_schedule() as s;
end;
$$;

comment on function app.scheduled_jobs() is
'The declared schedule with each job''s runner here: pg_cron, or scheduler (the jobs function).';

revoke execute on function app.scheduled_jobs() from public, anon, authenticated;

grant execute on function app.scheduled_jobs() to service_role;
