-- app.roles: signed-in users read the role catalogue; writes only through migrations and seed.

alter table app.roles enable row level security;

revoke all on table app.roles from anon, authenticated, service_role;
grant select on table app.roles to authenticated;
grant select on table app.roles to service_role;

drop policy if exists roles_select_authenticated on app.roles;
create policy roles_select_authenticated on app.roles
for select
to authenticated
using (true);
