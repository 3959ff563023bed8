-- requires: sql/app/audit_log_purge_before.sql

create or replace function app.audit_log_reject_change() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    -- the one exception: app.job_purge_audit_log removing whole months past retention
    -- (nested so that nothing reads OLD or the settings for any other operation)
    if tg_op = 'DELETE' and tg_level = 'ROW' then
        if
            pg_catalog.current_setting('app.audit_log_purge', true) = 'on'
            and old.occurred_at < app.audit_log_purge_before()
        then
            return old;
        end if;
    end if;
    raise exception 'The audit log is append-only'
        using
            errcode = 'AUDRO',
            detail = pg_catalog.jsonb_build_object('operation', tg_op)::text,
            hint = 'Insert a new audit row instead of changing an old one.';
end;
$$;

comment on function app.audit_log_reject_change() is
'Trigger: rejects update, delete and truncate on app.audit_log for every role (AUDRO), except '
'the deletes of app.job_purge_audit_log (whole months past retention).';

revoke execute on function app.audit_log_reject_change()
from public, anon, authenticated, service_role;

create or replace trigger audit_log_reject_update_delete
before update or delete on app.audit_log
for each row execute function app.audit_log_reject_change();

create or replace trigger audit_log_reject_truncate
before truncate on app.audit_log
for each statement execute function app.audit_log_reject_change();
