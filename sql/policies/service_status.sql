-- app.service_status: admins and superadmins read the health of the outside services (through
-- ops_snapshot); only app.record_service_error and app.record_service_configured (definer,
-- called by the functions as the service role) write it.

alter table app.service_status enable row level security;

revoke all on table app.service_status from anon, authenticated, service_role;
grant select on table app.service_status to authenticated;

drop policy if exists service_status_select_authenticated on app.service_status;
create policy service_status_select_authenticated on app.service_status
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
