-- requires: sql/app/call_recording_visible.sql
-- app.media_assets: the rows of stored files. A caller sees a row when they uploaded it, or
-- when they may see its file: the select policy asks storage.objects under the caller's RLS,
-- so the storage policies (sql/policies/storage_objects.sql) are the one home of who sees
-- which file (a client sees a result's row only once its order is delivered). Rows are written
-- by app.record_media as the uploader; trigger media_assets_10_check_upload
-- (app.media_check_upload) decides what may be recorded and chooses the bucket and key, which
-- is why those two columns are not granted.

alter table app.media_assets enable row level security;

revoke all on table app.media_assets from anon, authenticated, service_role;
grant select on table app.media_assets to authenticated;
grant insert (
    owner_id, purpose, order_id, kind, mime_type, byte_size, duration_ms, sha256, details
) on table app.media_assets to authenticated;
grant select on table app.media_assets to service_role;
-- the voice webhook records call recordings (app.record_call_event), and their copy into
-- Storage is recorded with what was measured (app.call_recording_stored)
grant insert (
    owner_id, purpose, order_id, kind, bucket, path, mime_type, duration_ms, details
) on table app.media_assets to service_role;
grant update (
    mime_type, byte_size, duration_ms, sha256, details
) on table app.media_assets to service_role;

-- Call recordings: app.call_recording_visible decides (staff always, the parties only by
-- setting), the same rule as the call-recordings storage policy, so the row is visible to the
-- same people while its copy into Storage is still pending; their owner, the call's reader,
-- gets no right from owning them.
drop policy if exists media_assets_select_authenticated on app.media_assets;
create policy media_assets_select_authenticated on app.media_assets
for select
to authenticated
using (
    (owner_id = (select auth.uid()) and purpose is distinct from 'call_recording')
    or (purpose = 'call_recording' and app.call_recording_visible(order_id))
    or exists (
        select 1 from storage.objects as so
        where so.bucket_id = media_assets.bucket and so.name = media_assets.path
    )
);

drop policy if exists media_assets_insert_authenticated on app.media_assets;
create policy media_assets_insert_authenticated on app.media_assets
for insert
to authenticated
with check (owner_id = (select auth.uid()));

-- anon: the same rule as above for the files anon may see (only the audio of today's approved
-- horoscope, by the horoscope-audio policies of storage.objects).
grant select on table app.media_assets to anon;

drop policy if exists media_assets_select_anon on app.media_assets;
create policy media_assets_select_anon on app.media_assets
for select
to anon
using (
    exists (
        select 1 from storage.objects as so
        where so.bucket_id = media_assets.bucket and so.name = media_assets.path
    )
);
