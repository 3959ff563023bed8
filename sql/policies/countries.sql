-- app.countries: public metadata. anon reads it only through public.list_countries (invoker);
-- `app` is not an exposed schema, so there is no direct REST access.

alter table app.countries enable row level security;

revoke all on table app.countries from anon, authenticated, service_role;
grant select on table app.countries to anon;
grant select on table app.countries to authenticated;
grant select on table app.countries to service_role;

drop policy if exists countries_select_anon on app.countries;
create policy countries_select_anon on app.countries
for select
to anon
using (true);

drop policy if exists countries_select_authenticated on app.countries;
create policy countries_select_authenticated on app.countries
for select
to authenticated
using (true);
