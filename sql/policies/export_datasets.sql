-- app.export_datasets: admins and superadmins read which datasets an export may name; the
-- list changes only in migrations.

alter table app.export_datasets enable row level security;

revoke all on table app.export_datasets from anon, authenticated, service_role;
grant select on table app.export_datasets to authenticated;

drop policy if exists export_datasets_select_authenticated on app.export_datasets;
create policy export_datasets_select_authenticated on app.export_datasets
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
