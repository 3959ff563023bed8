-- Schedules the app.job_*() functions with pg_cron where the server has it loaded (a Supabase
-- project does). The embedded local server has no pg_cron: there `samia jobs run <name>` or
-- the `jobs` function (Cloud Scheduler with X-Job-Token) runs the same SQL functions, which
-- the tests call directly. cron.schedule with a job name upserts, so re-running is harmless.
do $schedule$
begin
    if
        exists (
            select 1 from pg_catalog.pg_available_extensions
            where name = 'pg_cron'
        )
        and pg_catalog.current_setting('shared_preload_libraries') like '%pg_cron%'
    then
        create extension if not exists pg_cron with schema pg_catalog;
        -- idle buckets are full again; forgetting them keeps the table small
        perform cron.schedule(
            'purge_rate_limit_buckets', '17 * * * *',
            'select app.job_purge_rate_limit_buckets()'
        );
    end if;
end
$schedule$;
