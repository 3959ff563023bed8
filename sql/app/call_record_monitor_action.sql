-- call_record_monitor_action: after Twilio did it, what a monitor did on a call (the service
-- side of monitor_listen, monitor_whisper and monitor_barge, in the monitor's transaction;
-- app.call_monitor_begin checked it first).
create or replace function app.call_record_monitor_action(
    p_call_id uuid,
    p_monitor_id uuid,
    p_action text,
    p_participant_call_sid text
) returns void
language sql
volatile
security invoker
set search_path = ''
as $$
    insert into app.call_monitor_actions (call_id, monitor_id, action, participant_call_sid)
    values (p_call_id, p_monitor_id, p_action, p_participant_call_sid)
$$;

comment on function app.call_record_monitor_action(uuid, uuid, text, text) is
'Service role: records a monitor''s listen, whisper or barge on a call.';

revoke execute on function app.call_record_monitor_action(uuid, uuid, text, text)
from public, anon, authenticated;

grant execute on function app.call_record_monitor_action(uuid, uuid, text, text)
to service_role;
