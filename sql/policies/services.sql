-- app.services: everyone sees active services (read through public.list_services); admins and
-- superadmins also see inactive ones. Writes come later as admin RPCs.

alter table app.services enable row level security;

revoke all on table app.services from anon, authenticated, service_role;
grant select on table app.services to anon;
grant select on table app.services to authenticated;
grant select on table app.services to service_role;

drop policy if exists services_select_anon on app.services;
create policy services_select_anon on app.services
for select
to anon
using (is_active);

drop policy if exists services_select_authenticated on app.services;
create policy services_select_authenticated on app.services
for select
to authenticated
using (is_active or (select app.has_role('admin', 'superadmin')));
