-- app.reader_voice_references: admins and superadmins may read what the media_maintenance job recorded; nobody
-- writes it except app.record_media_maintenance (definer, for that job).

alter table app.reader_voice_references enable row level security;

revoke all on table app.reader_voice_references from anon, authenticated, service_role;
grant select on table app.reader_voice_references to authenticated;

drop policy if exists reader_voice_references_select_authenticated on app.reader_voice_references;
create policy reader_voice_references_select_authenticated on app.reader_voice_references
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
