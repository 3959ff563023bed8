-- requires: sql/app/media_check_upload.sql
-- record_media: records an upload the caller measured (the media_upload function calls it, in
-- the transaction that stays open while the file goes to Storage). The checks are
-- app.media_check_upload's (trigger media_assets_10_check_upload), which also chooses the
-- bucket and key; the caller stores the file there and commits. Not in `public`: only the
-- function, which has the bytes, records uploads. Invoker: RLS and the trigger decide.
-- Raises what app.media_check_upload raises: USRBL, MEDUS, 42501, MEDOR, MEDTY, MEDSZ, MEDDU,
-- MEDSH, PT429.
create or replace function app.record_media(
    p_purpose text,
    p_order_id uuid,
    p_kind text,
    p_mime_type text,
    p_byte_size bigint,
    p_duration_ms integer,
    p_sha256 text,
    p_details jsonb
) returns jsonb
language sql
volatile
security invoker
set search_path = ''
as $$
    insert into app.media_assets as m (
        owner_id, purpose, order_id, kind, mime_type, byte_size, duration_ms, sha256, details
    )
    values (
        auth.uid(), p_purpose, p_order_id, p_kind, p_mime_type, p_byte_size, p_duration_ms,
        p_sha256, coalesce(p_details, '{}'::jsonb)
    )
    returning pg_catalog.jsonb_build_object(
        'id', m.id, 'bucket', m.bucket, 'path', m.path, 'purpose', m.purpose,
        'order_id', m.order_id, 'kind', m.kind, 'mime_type', m.mime_type,
        'byte_size', m.byte_size, 'duration_ms', m.duration_ms, 'sha256', m.sha256,
        'details', m.details, 'created_at', m.created_at
    )
$$;

comment on function app.record_media(text, uuid, text, text, bigint, integer, text, jsonb) is
'Records a measured upload of the caller and returns it with its bucket and key. Errors: '
'USRBL, MEDUS, 42501, MEDOR, MEDTY, MEDSZ, MEDDU, MEDSH, PT429.';

revoke execute on function app.record_media(text, uuid, text, text, bigint, integer, text, jsonb)
from public, anon;

grant execute on function app.record_media(text, uuid, text, text, bigint, integer, text, jsonb)
to authenticated;
