create or replace function app.audit_log_reject_change() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    raise exception 'The audit log is append-only'
        using
            errcode = 'AUDRO',
            detail = pg_catalog.jsonb_build_object('operation', tg_op)::text,
            hint = 'Insert a new audit row instead of changing an old one.';
end;
$$;

comment on function app.audit_log_reject_change() is
'Trigger: rejects update, delete and truncate on app.audit_log for every role (AUDRO).';

revoke execute on function app.audit_log_reject_change()
from public, anon, authenticated, service_role;

create or replace trigger audit_log_reject_update_delete
before update or delete on app.audit_log
for each row execute function app.audit_log_reject_change();

create or replace trigger audit_log_reject_truncate
before truncate on app.audit_log
for each statement execute function app.audit_log_reject_change();
