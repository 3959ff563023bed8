-- app.astro_labels: reference names of the chart's points, aspects and elements; anyone signed
-- in reads them (public.astro_draft and app.astro_chart_json run as the caller).

alter table app.astro_labels enable row level security;

revoke all on table app.astro_labels from anon, authenticated, service_role;
grant select on table app.astro_labels to authenticated;
grant select on table app.astro_labels to service_role;

drop policy if exists astro_labels_select_authenticated on app.astro_labels;
create policy astro_labels_select_authenticated on app.astro_labels
for select
to authenticated
using (true);
