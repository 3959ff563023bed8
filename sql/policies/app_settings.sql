-- app.app_settings: admins and superadmins read settings; nobody writes them directly.

alter table app.app_settings enable row level security;

revoke all on table app.app_settings from anon, authenticated, service_role;
grant select on table app.app_settings to authenticated;
grant select on table app.app_settings to service_role;

drop policy if exists app_settings_select_authenticated on app.app_settings;
create policy app_settings_select_authenticated on app.app_settings
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
