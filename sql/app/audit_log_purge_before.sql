-- requires: sql/app/now.sql
-- requires: sql/app/retention_days.sql

-- audit_log_purge_before: the first instant the audit log must still keep. It is the start
-- (UTC) of the calendar month in which the retention period retention.audit_log_days (default
-- 365) ends, so everything before it is whole months that are entirely past retention.
-- app.job_purge_audit_log deletes up to it, and the append-only trigger lets no delete reach
-- past it.
create or replace function app.audit_log_purge_before() returns timestamptz
language sql
stable
security invoker
set search_path = ''
as $$
    select pg_catalog.date_trunc(
        'month',
        app.now() - pg_catalog.make_interval(days => app.retention_days('audit_log', 365)),
        'UTC'
    )
$$;

comment on function app.audit_log_purge_before() is
'Start of the oldest audit log month still kept (retention.audit_log_days, default 365).';

revoke execute on function app.audit_log_purge_before() from public, anon, authenticated;

grant execute on function app.audit_log_purge_before() to service_role;
