-- call_record_end: the stuck-call job's verdict, after Twilio ended what was left of the call:
-- the call ends with p_reason (party_blocked, time_limit, stuck, or a no-show, which follows the
-- join times).
-- A call that has ended meanwhile keeps its own end. Returns the call's final state.
create or replace function app.call_record_end(p_call_id uuid, p_reason text) returns text
language sql
volatile
security invoker
set search_path = ''
as $$
    update app.calls as c
    set
        state = 'ended',
        end_reason = coalesce(c.end_reason, p_reason),
        ended_at = coalesce(c.ended_at, app.now())
    where c.id = p_call_id
    returning c.end_reason
$$;

comment on function app.call_record_end(uuid, text) is
'Service role: ends a call with a reason unless it has ended already; returns its end reason.';

revoke execute on function app.call_record_end(uuid, text) from public, anon, authenticated;

grant execute on function app.call_record_end(uuid, text) to service_role;
