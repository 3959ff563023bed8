-- app.media_checks: admins and superadmins may read what the media_maintenance job recorded; nobody
-- writes it except app.record_media_maintenance (definer, for that job).

alter table app.media_checks enable row level security;

revoke all on table app.media_checks from anon, authenticated, service_role;
grant select on table app.media_checks to authenticated;

drop policy if exists media_checks_select_authenticated on app.media_checks;
create policy media_checks_select_authenticated on app.media_checks
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
