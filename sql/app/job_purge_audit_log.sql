-- requires: sql/app/audit_log_purge_before.sql
-- requires: sql/app/audit_log_reject_change.sql

-- Job purge_audit_log (monthly, app.jobs_schedule): the guarded path that removes whole expired
-- months of the append-only audit log, and the only one. It raises the transaction-local flag
-- app.audit_log_purge, under which the trigger app.audit_log_reject_change lets a delete through
-- only for rows older than app.audit_log_purge_before(); every other change still fails with
-- AUDRO. Returns {"deleted": n, "before": <timestamptz>}. Definer because no role holds delete
-- on the audit log; it deletes exactly the expired months.
create or replace function app.job_purge_audit_log() returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_before timestamptz := app.audit_log_purge_before();
    v_deleted integer;
begin
    perform pg_catalog.set_config('app.audit_log_purge', 'on', true);
    delete from app.audit_log as a where a.occurred_at < v_before;
    get diagnostics v_deleted = row_count;
    perform pg_catalog.set_config('app.audit_log_purge', '', true);
    return pg_catalog.jsonb_build_object('deleted', v_deleted, 'before', v_before);
end;
$$;

comment on function app.job_purge_audit_log() is
'Job: deletes the audit log''s whole calendar months past retention.audit_log_days.';

revoke execute on function app.job_purge_audit_log() from public, anon, authenticated;

grant execute on function app.job_purge_audit_log() to service_role;
