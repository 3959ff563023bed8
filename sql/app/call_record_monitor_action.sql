-- requires: sql/app/call_leg_left.sql
-- call_record_monitor_action: after Twilio did it, what a monitor did on a call (the service
-- side of monitor_listen, monitor_whisper and monitor_barge, in the monitor's transaction;
-- app.call_monitor_begin checked it first). A listen whose leg already left (its callback
-- arrived before this transaction committed) is recorded as left at once, from
-- app.call_events. The unique index call_monitor_actions_one_live_listen_idx refuses a
-- second live leg of one monitor (23505), e.g. two listens at once.
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
    insert into app.call_monitor_actions (
        call_id, monitor_id, action, participant_call_sid, left_at
    )
    values (
        p_call_id, p_monitor_id, p_action, p_participant_call_sid,
        case when p_action = 'listen' then (
            select min(coalesce(e.occurred_at, e.received_at))
            from app.call_events as e
            where
                e.call_id = p_call_id
                and p_participant_call_sid = case
                    when e.source = 'call' then e.provider_sid else e.params ->> 'CallSid'
                end
                and app.call_leg_left(e.source, e.event)
        ) end
    )
$$;

comment on function app.call_record_monitor_action(uuid, uuid, text, text) is
'Service role: records a monitor''s listen, whisper or barge on a call.';

revoke execute on function app.call_record_monitor_action(uuid, uuid, text, text)
from public, anon, authenticated;

grant execute on function app.call_record_monitor_action(uuid, uuid, text, text)
to service_role;
