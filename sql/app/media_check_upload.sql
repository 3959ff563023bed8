-- requires: sql/app/may_upload_media.sql
-- requires: sql/app/media_limits.sql
-- media_check_upload: the one home of what a new media row must satisfy when a signed-in user
-- records an upload (app.record_media, called by the media_upload function, or a direct
-- insert alike: trigger media_assets_10_check_upload). Python measures the file; this decides.
-- In order: an unblocked caller (USRBL), a known purpose (MEDUS), their own row (42501), the
-- order a per-order purpose needs (MEDOR), the right to upload for it (42501,
-- app.may_upload_media), a kind the purpose accepts and a MIME type its kind's limits list
-- (MEDTY), a size within the limits (MEDSZ; detail {"bytes", "min_bytes", "max_bytes"}), a
-- duration within them for audio and video (MEDDU; detail {"duration_ms", "max_duration_ms"}),
-- a sha256 (MEDSH), and last the caller's `uploads` rate limit (PT429). It then sets the bucket
-- and the key: `<order_id>/<media_id>` for per-order purposes, `<owner_id>/<media_id>`
-- otherwise. The service role, postgres and jobs insert freely.
-- Invoker: the order is read under the caller's RLS; limits come from app.media_limits.
create or replace function app.media_check_upload() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_purpose app.media_purposes;
    v_limits jsonb;
    v_max_duration_ms bigint;
begin
    if current_user <> 'authenticated' then
        return new;
    end if;
    perform app.assert_caller_not_blocked();
    select p.* into v_purpose from app.media_purposes as p where p.code = new.purpose;
    if v_purpose.code is null then
        raise exception 'Unknown media purpose %', coalesce(new.purpose, 'null')
            using
                errcode = 'MEDUS',
                detail = pg_catalog.jsonb_build_object('purpose', new.purpose)::text,
                hint = 'Use order_input or order_result.';
    end if;
    if new.owner_id is distinct from auth.uid() then
        raise exception 'Not allowed to upload for someone else'
            using errcode = '42501', hint = 'Upload as yourself.';
    end if;
    if v_purpose.per_order and new.order_id is null then
        raise exception 'An upload for % needs an order', v_purpose.code
            using
                errcode = 'MEDOR',
                detail = pg_catalog.jsonb_build_object('purpose', v_purpose.code)::text,
                hint = 'Give the id of the order the file is for.';
    end if;
    if not app.may_upload_media(v_purpose.code, new.order_id) then
        raise exception 'Not allowed to upload % for this order', v_purpose.code
            using
                errcode = '42501',
                detail = pg_catalog.jsonb_build_object(
                    'purpose', v_purpose.code, 'order_id', new.order_id
                )::text,
                hint = 'Only the order''s client uploads its inputs, and its assigned reader '
                || 'its result while working on it.';
    end if;
    v_limits := app.media_limits(new.kind);
    if
        new.kind is null
        or not new.kind = any(v_purpose.kinds)
        or v_limits is null
        or not coalesce(v_limits -> 'mime_types' ? new.mime_type, false)
    then
        raise exception 'This type of file is not accepted for %', v_purpose.code
            using
                errcode = 'MEDTY',
                detail = pg_catalog.jsonb_build_object(
                    'kind', new.kind, 'mime_type', new.mime_type,
                    'accepted_kinds', pg_catalog.to_jsonb(v_purpose.kinds)
                )::text,
                hint = 'Send a file of an accepted kind (see accepted_kinds).';
    end if;
    if
        new.byte_size is null
        or new.byte_size < (v_limits ->> 'min_bytes')::bigint
        or new.byte_size > (v_limits ->> 'max_bytes')::bigint
    then
        raise exception 'The file size is outside the limits'
            using
                errcode = 'MEDSZ',
                detail = pg_catalog.jsonb_build_object(
                    'bytes', new.byte_size,
                    'min_bytes', (v_limits ->> 'min_bytes')::bigint,
                    'max_bytes', (v_limits ->> 'max_bytes')::bigint
                )::text,
                hint = 'Send a smaller (or a complete) file.';
    end if;
    v_max_duration_ms := (v_limits ->> 'max_duration_seconds')::bigint * 1000;
    if
        v_max_duration_ms is not null
        and (new.duration_ms is null or new.duration_ms > v_max_duration_ms)
    then
        raise exception 'The recording is too long'
            using
                errcode = 'MEDDU',
                detail = pg_catalog.jsonb_build_object(
                    'duration_ms', new.duration_ms, 'max_duration_ms', v_max_duration_ms
                )::text,
                hint = 'Send a shorter recording.';
    end if;
    if new.sha256 is null then
        raise exception 'The file''s sha256 is missing'
            using errcode = 'MEDSH', hint = 'Record the sha256 of the bytes you store.';
    end if;
    perform app.rate_limit_take_own('uploads', 1);
    new.bucket := v_purpose.bucket;
    new.path := case
        when v_purpose.per_order then new.order_id::text
        else new.owner_id::text
    end || '/' || new.id::text;
    return new;
end;
$$;

comment on function app.media_check_upload() is
'What a new media row of a signed-in uploader must satisfy; sets its bucket and key. Errors: '
'USRBL, MEDUS, 42501, MEDOR, MEDTY, MEDSZ, MEDDU, MEDSH, PT429.';

revoke execute on function app.media_check_upload()
from public, anon, authenticated, service_role;

create or replace trigger media_assets_10_check_upload
before insert on app.media_assets
for each row execute function app.media_check_upload();
