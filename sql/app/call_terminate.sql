-- requires: sql/app/set_profile_block.sql
-- requires: sql/app/find_call.sql
-- call_terminate: the database's half of calls_terminate. Monitors (and the staff above them),
-- unblocked, end a call that has not ended, with a reason; optionally blocking one party
-- (p_block: 'reader' or 'client') in the same step through app.set_profile_block, the one home
-- of blocking. The call ends (end_reason dropped), the drop is a monitor action and a
-- moderation action (drop_call) on the booking's order. The caller then ends the conference
-- at Twilio before committing; if Twilio fails, all of it rolls back.
-- Raises USRBL, 42501, RSNRQ, VCNOC, VCNLV (already ended), VCACT (p_block not reader or
-- client), and what app.set_profile_block raises (MODDU, 42501 for a party of equal rank).
-- Definer because monitors may not write app.calls, app.call_monitor_actions or
-- app.moderation_actions; it checks the caller's role itself, first.
create or replace function app.call_terminate(
    p_order_id uuid,
    p_reason text,
    p_block text default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_reason text;
    v_call app.calls;
    v_booking app.call_bookings;
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    v_reason := app.require_reason(p_reason);
    if p_block is not null and p_block not in ('reader', 'client') then
        -- the value is not echoed: it is whatever the caller sent, of any length
        raise exception 'Block the reader or the client'
            using errcode = 'VCACT', hint = 'p_block is reader, client or null.';
    end if;
    v_call := app.find_call(p_order_id);
    select c.* into v_call from app.calls as c where c.id = v_call.id for update;
    if v_call.state = 'ended' then
        raise exception 'The call has ended already'
            using
                errcode = 'VCNLV',
                detail = pg_catalog.jsonb_build_object(
                    'state', v_call.state, 'end_reason', v_call.end_reason
                )::text,
                hint = 'Only a live call can be dropped.';
    end if;
    select b.* into v_booking from app.call_bookings as b where b.order_id = p_order_id;
    if p_block is not null then
        perform app.set_profile_block(
            case when p_block = 'reader' then v_booking.reader_id else v_booking.client_id end,
            true,
            v_reason
        );
    end if;

    update app.calls as c
    set state = 'ended', end_reason = 'dropped', ended_at = app.now()
    where c.id = v_call.id;
    insert into app.call_monitor_actions (call_id, monitor_id, action, reason)
    values (v_call.id, auth.uid(), 'terminate', v_reason);
    insert into app.moderation_actions (actor_id, action, target_order_id, reason)
    values (auth.uid(), 'drop_call', p_order_id, v_reason);

    return pg_catalog.jsonb_build_object(
        'call_id', v_call.id,
        'conference_sid', v_call.conference_sid,
        'reader_call_sid', v_call.reader_call_sid,
        'client_call_sid', v_call.client_call_sid,
        'blocked', p_block
    );
end;
$$;

comment on function app.call_terminate(uuid, text, text) is
'Monitors: ends a live call with a reason, optionally blocking one party; returns what Twilio '
'needs to end it. Errors: USRBL, 42501, RSNRQ, VCNOC, VCNLV, VCACT, MODDU.';

revoke execute on function app.call_terminate(uuid, text, text) from public, anon, service_role;

grant execute on function app.call_terminate(uuid, text, text) to authenticated;
