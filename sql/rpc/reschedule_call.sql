-- reschedule_call: moves a booked call to a new start with the same reader and length (seed:
-- the schedule endpoint again). Its client may move it only until
-- calls.change_cutoff_minutes before the current start and at most calls.max_reschedules
-- times; admins and superadmins any call that has not started. The new slot meets the booking
-- rules (lead time, the reader's availability) and must be free. Returns the call in the
-- caller's time zone, with previous_starts_at and reschedule_count. Callable by authenticated
-- clients (own calls), admins and superadmins.
-- Raises USRBL (caller blocked), 42501 (reader or monitor), ORDNF (not the caller's order),
-- CLNFD (no active call), CLLAT (past the deadline, or the call started; detail {"starts_at", "deadline",
-- "cutoff_minutes"} or {"status"}), CLRSX (moved too often), ORDRD (the reader is blocked or no
-- longer a reader), CLLEA, CLGRD, CLFAR, CLNAV, CLTKN, CLOVL.
create or replace function public.reschedule_call(
    p_order_id uuid,
    p_starts_at timestamptz
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_booking app.call_bookings;
begin
    perform app.require_role('client', 'admin', 'superadmin');
    v_booking := app.move_call_booking(p_order_id, p_starts_at);
    return app.call_json(v_booking, app.profile_time_zone((select auth.uid())));
end;
$$;

comment on function public.reschedule_call(uuid, timestamptz) is
'Moves a booked call to a new start: its client within the policy, admins any. Errors: USRBL, '
'42501, ORDNF, CLNFD, CLLAT, CLRSX, ORDRD, CLLEA, CLGRD, CLFAR, CLNAV, CLTKN, CLOVL.';

revoke execute on function public.reschedule_call(uuid, timestamptz) from public, anon;
grant execute on function public.reschedule_call(uuid, timestamptz) to authenticated;
