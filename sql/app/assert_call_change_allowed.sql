-- requires: sql/app/call_setting.sql

-- assert_call_change_allowed: the cancellation and reschedule policy for a call's client (staff
-- are not bound by it). A client may cancel or reschedule only until
-- calls.change_cutoff_minutes before the start (CLLAT; detail {"starts_at", "deadline",
-- "cutoff_minutes"}), and reschedule one call at most calls.max_reschedules times (CLRSX;
-- detail {"reschedule_count", "max_reschedules"}). p_change is 'cancel' or 'reschedule'.
create or replace function app.assert_call_change_allowed(
    p_booking app.call_bookings,
    p_change text
) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_cutoff integer := app.call_setting('change_cutoff_minutes');
    v_max integer := app.call_setting('max_reschedules');
    v_deadline timestamptz;
begin
    v_deadline := p_booking.starts_at - pg_catalog.make_interval(mins => v_cutoff);
    if app.now() > v_deadline then
        raise exception 'Too late to % this call', p_change
            using
                errcode = 'CLLAT',
                detail = pg_catalog.jsonb_build_object(
                    'starts_at', p_booking.starts_at,
                    'deadline', v_deadline,
                    'cutoff_minutes', v_cutoff
                )::text,
                hint = 'Calls change only until the deadline; contact support.';
    end if;
    if p_change = 'reschedule' and p_booking.reschedule_count >= v_max then
        raise exception 'This call was rescheduled % times already', p_booking.reschedule_count
            using
                errcode = 'CLRSX',
                detail = pg_catalog.jsonb_build_object(
                    'reschedule_count', p_booking.reschedule_count, 'max_reschedules', v_max
                )::text,
                hint = 'Cancel the call and book a new one.';
    end if;
end;
$$;

comment on function app.assert_call_change_allowed(app.call_bookings, text) is
'The client''s cancel/reschedule policy (settings calls.change_cutoff_minutes, '
'calls.max_reschedules). Errors: CLLAT, CLRSX.';

revoke execute on function app.assert_call_change_allowed(app.call_bookings, text)
from public, anon;

grant execute on function app.assert_call_change_allowed(app.call_bookings, text)
to authenticated, service_role;
