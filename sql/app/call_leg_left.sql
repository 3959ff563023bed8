-- call_leg_left: whether a Twilio callback says a leg has left the call: its conference
-- participant-leave, or the leg's own final call status (completed, busy, failed, no-answer,
-- canceled). The one home of that reading, for app.record_call_event and
-- app.call_record_monitor_action.
create or replace function app.call_leg_left(p_source text, p_event text) returns boolean
language sql
immutable
set search_path = ''
as $$
    select coalesce(
        (p_source = 'conference' and p_event = 'participant-leave')
        or (
            p_source = 'call'
            and p_event in ('completed', 'busy', 'failed', 'no-answer', 'canceled')
        ),
        false
    )
$$;

comment on function app.call_leg_left(text, text) is
'Whether a Twilio callback (source, event) says a leg has left the call.';

revoke execute on function app.call_leg_left(text, text) from public, anon;

grant execute on function app.call_leg_left(text, text) to authenticated, service_role;
