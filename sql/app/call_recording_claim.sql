-- call_recording_claim: the service side's hold on one call recording whose copy into Storage
-- is pending (details.stored_at = 'twilio'): locks its row for the copying transaction and
-- answers where it goes. Null when the copy is done already or another copy holds the row
-- (skip locked), so a duplicate callback, a retry and the job never copy twice at once.
-- Invoker: only service_role may execute it.
create or replace function app.call_recording_claim(p_media_id uuid) returns jsonb
language sql
volatile
security invoker
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
        'media_id', m.id,
        'bucket', m.bucket,
        'path', m.path,
        'order_id', m.order_id,
        'recording_sid', m.details ->> 'recording_sid'
    )
    from app.media_assets as m
    where
        m.id = p_media_id
        and m.purpose = 'call_recording'
        and m.details ->> 'stored_at' = 'twilio'
    for update skip locked
$$;

comment on function app.call_recording_claim(uuid) is
'Service role: locks a call recording pending its copy into Storage; null when there is none.';

revoke execute on function app.call_recording_claim(uuid) from public, anon, authenticated;

grant execute on function app.call_recording_claim(uuid) to service_role;
