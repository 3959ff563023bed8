-- requires: sql/app/find_call.sql
-- requires: sql/app/verified_phone.sql
-- call_monitor_begin: the database's half of monitor_listen, monitor_whisper and
-- monitor_barge. Monitors (and the staff above them), unblocked, on a live call: in_progress,
-- both parties in its conference. listen: the monitor's own verified phone will join muted,
-- with one live leg per monitor and call; whisper and barge: the monitor's live leg is in the
-- call (it is returned). A leg Twilio reported leaving (a participant-leave or its final
-- status, recorded as left_at by app.record_call_event) no longer counts, so a monitor who
-- hung up may listen again. Returns what Twilio needs; the caller talks to Twilio and
-- records the action (app.call_record_monitor_action).
-- Raises USRBL, 42501, VCACT (unknown action), VCNOC (no call for the order), VCNLV (not live;
-- detail {"state"}), VCUNV (the monitor has no verified phone), VCLSN (already listening),
-- VCNLS (not listening yet).
-- Invoker: staff read calls and monitor actions under their RLS, and their own profile.
create or replace function app.call_monitor_begin(p_order_id uuid, p_action text) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_call app.calls;
    v_phone text;
    v_leg text;
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    if p_action is null or p_action not in ('listen', 'whisper', 'barge') then
        raise exception 'Unknown monitor action %', coalesce(p_action, 'null')
            using errcode = 'VCACT', hint = 'Use listen, whisper or barge.';
    end if;
    v_call := app.find_call(p_order_id);
    -- in_progress only: a monitor's leg in a conference where one party waits alone would
    -- start it (Twilio starts a conference at two participants when one of them, the reader,
    -- may start it), its recording and its clock, with the client still absent
    if v_call.state <> 'in_progress' or v_call.conference_sid is null then
        raise exception 'The call is not live'
            using
                errcode = 'VCNLV',
                detail = pg_catalog.jsonb_build_object('state', v_call.state)::text,
                hint = 'Monitors join a call once both parties are in its conference.';
    end if;
    select a.participant_call_sid into v_leg
    from app.call_monitor_actions as a
    where
        a.call_id = v_call.id
        and a.monitor_id = auth.uid()
        and a.action = 'listen'
        and a.left_at is null
    order by a.occurred_at desc
    limit 1;
    if p_action = 'listen' then
        if v_leg is not null then
            raise exception 'You are listening to this call already'
                using errcode = 'VCLSN', hint = 'Whisper or barge instead.';
        end if;
        v_phone := app.verified_phone(auth.uid(), 'monitor');
    elsif v_leg is null then
        raise exception 'Listen to the call first'
            using errcode = 'VCNLS', hint = 'Call monitor_listen, then whisper or barge.';
    end if;
    return pg_catalog.jsonb_build_object(
        'call_id', v_call.id,
        'conference_sid', v_call.conference_sid,
        'reader_call_sid', v_call.reader_call_sid,
        'monitor_id', auth.uid(),
        'monitor_phone', v_phone,
        'monitor_call_sid', v_leg,
        'time_limit_seconds', v_call.time_limit_seconds
    );
end;
$$;

comment on function app.call_monitor_begin(uuid, text) is
'Monitors: checks a listen, whisper or barge on a live call and returns what Twilio needs. '
'Errors: USRBL, 42501, VCACT, VCNOC, VCNLV, VCUNV, VCLSN, VCNLS.';

revoke execute on function app.call_monitor_begin(uuid, text) from public, anon, service_role;

grant execute on function app.call_monitor_begin(uuid, text) to authenticated;
