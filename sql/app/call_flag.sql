-- call_flag: one yes/no setting of live calls, from app_settings (`calls.<name>`), false when
-- the setting is missing: recordings_visible_to_parties (the call's client and reader may
-- listen to its recordings), delete_recordings_at_twilio (a recording copied into Storage is
-- deleted at Twilio).
-- Invoker: its callers may read app.app_settings (app.call_recording_visible is a definer,
-- app.call_recording_stored runs as the service role).
create or replace function app.call_flag(p_name text) returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
    select coalesce((
        select (s.value #>> '{}')::boolean
        from app.app_settings as s
        where s.key = 'calls.' || p_name
    ), false)
$$;

comment on function app.call_flag(text) is
'A yes/no setting of live calls (calls.recordings_visible_to_parties, '
'calls.delete_recordings_at_twilio); false when missing.';

revoke execute on function app.call_flag(text) from public, anon, authenticated;

grant execute on function app.call_flag(text) to service_role;
