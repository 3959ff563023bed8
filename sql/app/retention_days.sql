-- requires: sql/app/setting_whole_number.sql

-- retention_days: how many days the retention jobs keep one kind of data, from the setting
-- retention.<kind>_days (a whole number of days, at least 1). A kind without a usable setting
-- keeps p_default days (50 unless the caller says otherwise: the audit log keeps longer).
-- Definer because app_settings is readable by admins only, while the audit log's delete guard
-- runs as whoever deletes; it returns one number and reads nothing else.
create or replace function app.retention_days(p_kind text, p_default integer default 50)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
    select app.setting_whole_number('retention.' || p_kind || '_days', p_default, 1, 999999)
$$;

comment on function app.retention_days(text, integer) is
'Days one kind of data is kept (setting retention.<kind>_days, else the default, 50).';

revoke execute on function app.retention_days(text, integer) from public, anon, authenticated;

grant execute on function app.retention_days(text, integer) to service_role;
