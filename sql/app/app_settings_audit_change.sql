-- Definer: see orders_audit_change.
create or replace function app.app_settings_audit_change() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    if tg_op = 'INSERT' then
        perform app.audit_write(
            'settings.created', 'setting', new.key, null,
            pg_catalog.jsonb_build_object('value', new.value)
        );
    elsif tg_op = 'UPDATE' then
        if new.value is distinct from old.value then
            perform app.audit_write(
                'settings.changed', 'setting', new.key,
                pg_catalog.jsonb_build_object('value', old.value),
                pg_catalog.jsonb_build_object('value', new.value)
            );
        end if;
    else
        perform app.audit_write(
            'settings.deleted', 'setting', old.key,
            pg_catalog.jsonb_build_object('value', old.value), null
        );
    end if;
    return null;
end;
$$;

comment on function app.app_settings_audit_change() is
'Trigger: audits creation, change and deletion of settings.';

revoke execute on function app.app_settings_audit_change()
from public, anon, authenticated, service_role;

create or replace trigger app_settings_audit_change
after insert or update or delete on app.app_settings
for each row execute function app.app_settings_audit_change();
