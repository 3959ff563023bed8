-- requires: sql/app/call_flag.sql
-- call_recording_stored: records that a call recording's bytes are in Storage, with what the
-- media path measured of them (kind, MIME type, size, duration, sha256, details). The copy
-- must be audio (MEDTY otherwise; it stays pending) and the row pending; a row already stored
-- is left as it is and null is answered. Afterwards details.stored_at is 'storage'.
-- Invoker: only service_role may execute it (it has the column grants it needs).
create or replace function app.call_recording_stored(
    p_media_id uuid,
    p_kind text,
    p_mime_type text,
    p_byte_size bigint,
    p_duration_ms integer,
    p_sha256 text,
    p_details jsonb
) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_row app.media_assets;
begin
    if p_kind is distinct from 'audio' then
        raise exception 'A call recording must be audio, not %', coalesce(p_kind, 'unknown')
            using
                errcode = 'MEDTY',
                detail = pg_catalog.jsonb_build_object(
                    'kind', p_kind, 'mime_type', p_mime_type
                )::text,
                hint = 'Fetch the recording again; Twilio serves it as audio.';
    end if;
    update app.media_assets as m
    set
        mime_type = p_mime_type,
        byte_size = p_byte_size,
        duration_ms = p_duration_ms,
        sha256 = p_sha256,
        details = m.details || coalesce(p_details, '{}'::jsonb)
        || pg_catalog.jsonb_build_object('stored_at', 'storage', 'copied_at', app.now())
    where
        m.id = p_media_id
        and m.purpose = 'call_recording'
        and m.details ->> 'stored_at' = 'twilio'
    returning m.* into v_row;
    if not found then
        return null;
    end if;
    return pg_catalog.jsonb_build_object(
        'media_id', v_row.id,
        'bucket', v_row.bucket,
        'path', v_row.path,
        'mime_type', v_row.mime_type,
        'byte_size', v_row.byte_size,
        'duration_ms', v_row.duration_ms,
        'recording_sid', v_row.details ->> 'recording_sid',
        'delete_at_twilio', app.call_flag('delete_recordings_at_twilio')
    );
end;
$$;

comment on function app.call_recording_stored(uuid, text, text, bigint, integer, text, jsonb) is
'Service role: records a call recording''s copy in Storage with its measurements. Errors: MEDTY.';

revoke execute on function app.call_recording_stored(
    uuid, text, text, bigint, integer, text, jsonb
) from public, anon, authenticated;

grant execute on function app.call_recording_stored(
    uuid, text, text, bigint, integer, text, jsonb
) to service_role;
