-- call_setting: one `calls.<name>` setting of app.app_settings, as jsonb (null when unset).

-- Definer because API roles cannot read app.app_settings; returns one calls.* value.
create or replace function app.call_setting(p_name text) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
    select s.value from app.app_settings as s where s.key = 'calls.' || p_name
$$;

comment on function app.call_setting(text) is
'The value of the setting calls.<p_name> (null when unset).';

revoke execute on function app.call_setting(text) from public, anon;

grant execute on function app.call_setting(text) to authenticated, service_role;
