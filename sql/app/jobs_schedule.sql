-- requires: sql/app/sync_pg_cron_jobs.sql
-- requires: sql/app/scheduled_jobs.sql

-- jobs_schedule: the one declaration of when each job runs (a cron expression, in UTC). Every
-- runner reads it: pg_cron through app.sync_pg_cron_jobs (called at the end of this file),
-- deploy.sh when it creates the Cloud Scheduler jobs that call the jobs function, and
-- `samia serve`, which runs the same schedule locally. A job with a Python step (files in
-- Storage, audio measurement) cannot run inside the database: only the jobs function and the
-- samia CLI run it, so pg_cron leaves it to Cloud Scheduler.
-- To schedule a job, write its app.job_<name>() (sql/app/job_<name>.sql) and add one line here.
create or replace function app.jobs_schedule()
returns table (job text, schedule text, python_step boolean, description text)
language sql
immutable
security invoker
set search_path = ''
as $$
    values
    (
        'purge_old', '10 0 * * *', true,
        'Daily retention: old horoscopes and their audio, phone verification attempts, '
        || 'full rate-limit buckets, expired exports, files without a row.'
    ),
    (
        'purge_audit_log', '20 0 1 * *', false,
        'Monthly: whole calendar months of the audit log older than its retention.'
    ),
    (
        'media_maintenance', '0 1 1 * *', true,
        'Monthly: checks every media file, re-measures published audio, rebuilds voice '
        || 'references, reports orphans.'
    ),
    (
        'end_stuck_calls', '* * * * *', true,
        'Every minute: ends at Twilio the calls over their booked length plus grace, silent '
        || 'ones and no-shows, and records why.'
    ),
    (
        'copy_call_recordings', '*/5 * * * *', true,
        'Every five minutes: copies into Storage the call recordings still waiting at Twilio '
        || '(the recording callback''s own copy failed).'
    )
$$;

comment on function app.jobs_schedule() is
'The schedule of every job (name, cron expression in UTC, whether it has a Python step).';

revoke execute on function app.jobs_schedule() from public, anon, authenticated;

grant execute on function app.jobs_schedule() to service_role;

-- pg_cron follows the declaration whenever it changes (this file is re-applied then)
select app.sync_pg_cron_jobs();
