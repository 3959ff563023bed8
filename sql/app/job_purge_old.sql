-- requires: sql/app/purge_old_horoscopes.sql
-- requires: sql/app/purge_old_phone_verification_attempts.sql
-- requires: sql/app/purge_full_rate_limit_buckets.sql
-- requires: sql/app/purge_expired_exports.sql
-- requires: sql/app/stale_storage_files.sql
-- requires: sql/app/purge_old_assist_drafts.sql
-- requires: sql/app/purge_old_job_runs.sql
-- requires: sql/app/purge_old_call_events.sql

-- Job purge_old (daily, app.jobs_schedule): the retention of everything but the audit log
-- (which app.job_purge_audit_log handles). Each kind keeps retention.<kind>_days (default 50):
-- horoscopes and their audio, phone verification attempts, assist drafts no result came from,
-- job runs (but the latest of each job), the Twilio callbacks of ended calls;
-- exports go at their expires_at
-- (set from retention.exports_days); rate-limit buckets go when full. Returns the counts and,
-- under "files", every Storage object to remove: the audio of purged rows, expired exports,
-- and media and export files whose row is gone. Rows are deleted here;
-- the job's Python step (samia_functions.job_steps) removes the files through Storage, and a
-- file it could not remove is an orphan the next run lists again.
-- Another kind of data: write app.purge_old_<kind>() returning its count (or {"<kind>": n,
-- "files": [...]}) and add one line below, as 'assist_drafts' is.
-- Invoker: run as service_role by app.run_job; each part is a definer helper granted to it.
create or replace function app.job_purge_old() returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    -- before anything is deleted, so a file of a row purged below is not also an orphan
    v_stale jsonb := app.stale_storage_files();
    v_horoscopes jsonb := app.purge_old_horoscopes();
    v_exports jsonb := app.purge_expired_exports();
begin
    return pg_catalog.jsonb_build_object(
        'horoscopes', v_horoscopes -> 'horoscopes',
        'horoscope_audio', v_horoscopes -> 'audio',
        'phone_verification_attempts', app.purge_old_phone_verification_attempts(),
        'rate_limit_buckets', app.purge_full_rate_limit_buckets(),
        'assist_drafts', app.purge_old_assist_drafts(),
        'job_runs', app.purge_old_job_runs(),
        'call_events', app.purge_old_call_events(),
        'exports', v_exports -> 'exports',
        'files', (v_horoscopes -> 'files') || (v_exports -> 'files') || v_stale
    );
end;
$$;

comment on function app.job_purge_old() is
'Job: deletes data past its retention (retention.<kind>_days); returns counts and the files '
'to remove from Storage.';

revoke execute on function app.job_purge_old() from public, anon, authenticated;

grant execute on function app.job_purge_old() to service_role;
