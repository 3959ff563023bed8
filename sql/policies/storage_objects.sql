-- storage.objects: who reads and writes the product's files, the same on Supabase and on the
-- local /storage/v1. Storage owns the table, its RLS switch and its grants, so this file only
-- drops and creates our policies (never `revoke`). One block per bucket; a new bucket adds its
-- own block. Every rule defers to its home: which orders a caller sees is the orders policy
-- (the `exists` below runs under the caller's RLS), who uploads what is app.may_upload_media,
-- when a client hears a result is app.order_result_visible, who hears a call recording is
-- app.call_recording_visible. A blocked user acts with no role
-- (app.current_role() is null) and gets nothing here.
--
-- Keys of the per-order buckets are `<order_id>/<media_id>` (app.media_check_upload chooses
-- them); app.storage_order_id reads the order from the key and never raises. There are no
-- update policies: a stored file is never overwritten (upsert needs update).

-- order-inputs: what a client sends with an order (e.g. a coffee-cup photo). The order's
-- client uploads; whoever sees the order (its client, its assigned reader, staff) reads.
drop policy if exists storage_objects_insert_order_inputs on storage.objects;
create policy storage_objects_insert_order_inputs on storage.objects
for insert
to authenticated
with check (
    bucket_id = 'order-inputs'
    and app.may_upload_media('order_input', app.storage_order_id(name))
);

drop policy if exists storage_objects_select_order_inputs on storage.objects;
create policy storage_objects_select_order_inputs on storage.objects
for select
to authenticated
using (
    bucket_id = 'order-inputs'
    and (select app.current_role()) is not null
    and exists (select 1 from app.orders as o where o.id = app.storage_order_id(name))
);

-- order-results: the reader's voiced answer. The assigned reader uploads while working on the
-- order; the client reads once it is delivered, the reader and staff any time.
drop policy if exists storage_objects_insert_order_results on storage.objects;
create policy storage_objects_insert_order_results on storage.objects
for insert
to authenticated
with check (
    bucket_id = 'order-results'
    and app.may_upload_media('order_result', app.storage_order_id(name))
);

drop policy if exists storage_objects_select_order_results on storage.objects;
create policy storage_objects_select_order_results on storage.objects
for select
to authenticated
using (
    bucket_id = 'order-results'
    and (select app.current_role()) is not null
    and app.order_result_visible(app.storage_order_id(name))
);

-- exports: the ZIPs of ops_export, keyed `masked/<day>/<export id>.zip` or
-- `raw/<day>/<export id>.zip` (app.export_begin chooses the key). Admins and superadmins write
-- and read the masked ones; only superadmins write or read raw ones. Nobody overwrites an export
-- (no update policy: the ZIP a signed URL names is the one its export wrote), and an uploader
-- removes only their own file that no app.exports row records (ops_export cleaning up after its
-- export rolled back); a recorded export leaves only with the purge job, as the service role.
drop policy if exists storage_objects_select_exports on storage.objects;
create policy storage_objects_select_exports on storage.objects
for select
to authenticated
using (
    bucket_id = 'exports'
    and (
        (select app.has_role('superadmin'))
        or (pg_catalog.split_part(name, '/', 1) <> 'raw' and (select app.has_role('admin')))
    )
);

drop policy if exists storage_objects_insert_exports on storage.objects;
create policy storage_objects_insert_exports on storage.objects
for insert
to authenticated
with check (
    bucket_id = 'exports'
    and (
        (select app.has_role('superadmin'))
        or (pg_catalog.split_part(name, '/', 1) <> 'raw' and (select app.has_role('admin')))
    )
);

drop policy if exists storage_objects_update_exports on storage.objects;

drop policy if exists storage_objects_delete_exports on storage.objects;
create policy storage_objects_delete_exports on storage.objects
for delete
to authenticated
using (
    bucket_id = 'exports'
    and owner_id = (select auth.uid())::text
    and (select app.has_role('admin', 'superadmin'))
    and not exists (
        select 1 from app.exports as e
        where e.bucket = objects.bucket_id and e.storage_path = objects.name
    )
);

-- horoscope-audio: the daily horoscopes' audio (keys `<uploader>/<media_id>`). Monitors and
-- admins upload (app.may_upload_media) and read every file; everyone else, anon included,
-- reads a file only while its horoscope is visible to them, which the policies of
-- app.horoscopes decide: approved, and of today. Staff remove a file no horoscope uses any
-- more (a re-ingest replaced it, or the ingest failed).
drop policy if exists storage_objects_insert_horoscope_audio on storage.objects;
create policy storage_objects_insert_horoscope_audio on storage.objects
for insert
to authenticated
with check (bucket_id = 'horoscope-audio' and app.may_upload_media('horoscope_audio', null));

drop policy if exists storage_objects_select_horoscope_audio_anon on storage.objects;
create policy storage_objects_select_horoscope_audio_anon on storage.objects
for select
to anon
using (
    bucket_id = 'horoscope-audio'
    and exists (
        select 1 from app.horoscopes as h
        where h.media_id::text = pg_catalog.split_part(name, '/', 2)
    )
);

drop policy if exists storage_objects_select_horoscope_audio on storage.objects;
create policy storage_objects_select_horoscope_audio on storage.objects
for select
to authenticated
using (
    bucket_id = 'horoscope-audio'
    and (
        (select app.has_role('monitor', 'admin', 'superadmin'))
        or exists (
            select 1 from app.horoscopes as h
            where h.media_id::text = pg_catalog.split_part(name, '/', 2)
        )
    )
);

drop policy if exists storage_objects_delete_horoscope_audio on storage.objects;
create policy storage_objects_delete_horoscope_audio on storage.objects
for delete
to authenticated
using (
    bucket_id = 'horoscope-audio'
    and (select app.has_role('monitor', 'admin', 'superadmin'))
    and not exists (
        select 1 from app.horoscopes as h
        where h.media_id::text = pg_catalog.split_part(name, '/', 2)
    )
);

-- call-recordings: the recordings of live calls, keys `<order_id>/<recording SID>`. Only the
-- service role writes them (the copy from Twilio). Who may listen is
-- app.call_recording_visible: monitors, admins and superadmins; the call's client and reader
-- only while calls.recordings_visible_to_parties is true.
drop policy if exists storage_objects_select_call_recordings on storage.objects;
create policy storage_objects_select_call_recordings on storage.objects
for select
to authenticated
using (
    bucket_id = 'call-recordings'
    and app.call_recording_visible(app.storage_order_id(name))
);

-- The buckets of app.media_purposes: an uploader removes their own object while no
-- app.media_assets row records it (media_upload cleaning up after a failed commit). A recorded
-- file is never removed this way.
drop policy if exists storage_objects_delete_unrecorded on storage.objects;
create policy storage_objects_delete_unrecorded on storage.objects
for delete
to authenticated
using (
    bucket_id in (select p.bucket from app.media_purposes as p)
    and owner_id = (select auth.uid())::text
    and not app.media_is_recorded(bucket_id, name)
);
