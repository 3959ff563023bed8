-- requires: sql/app/pg_cron_installed.sql

-- sync_pg_cron_jobs: makes pg_cron's job list match the declaration app.jobs_schedule(), where
-- pg_cron is installed (a Supabase project); elsewhere it does nothing. Each job whose runner
-- is pg_cron (app.scheduled_jobs: no Python step) becomes the cron job `samia_<job>`, running
-- app.run_job(<job>, 'pg_cron'); cron jobs named samia_* that are no longer declared (or now
-- have a Python step, which only the jobs function runs) are removed, and so is the hourly
-- purge_rate_limit_buckets of the first schedule migration, now part of purge_old.
-- cron.schedule with an existing name updates it, so this can run any number of times;
-- sql/app/jobs_schedule.sql calls it each time the declaration is applied.
create or replace function app.sync_pg_cron_jobs() returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_job record;
    v_scheduled text[] := '{}';
    v_removed text[] := '{}';
begin
    if not app.pg_cron_installed() then
        return pg_catalog.jsonb_build_object('pg_cron', false);
    end if;
    for v_job in
        select s.job, s.schedule
        from app.scheduled_jobs() as s
        where s.runner = 'pg_cron'
    loop
        perform cron.schedule(
            'samia_' || v_job.job,
            v_job.schedule,
            pg_catalog.format('select app.run_job(%L, %L)', v_job.job, 'pg_cron')
        );
        v_scheduled := v_scheduled || ('samia_' || v_job.job);
    end loop;
    for v_job in
        select j.jobname
        from cron.job as j
        where
            (j.jobname like 'samia\_%' and j.jobname <> all(v_scheduled))
            or j.jobname = 'purge_rate_limit_buckets'
    loop
        perform cron.unschedule(v_job.jobname);
        v_removed := v_removed || v_job.jobname::text;
    end loop;
    return pg_catalog.jsonb_build_object(
        'pg_cron', true, 'scheduled', v_scheduled, 'removed', v_removed
    );
end;
$$;

comment on function app.sync_pg_cron_jobs() is
'Makes pg_cron run the declared jobs without a Python step (where pg_cron is installed).';

revoke execute on function app.sync_pg_cron_jobs()
from public, anon, authenticated, service_role;
