-- requires: sql/app/assert_active_reader.sql
-- requires: sql/app/assert_call_change_allowed.sql
-- requires: sql/app/assert_call_slot.sql
-- requires: sql/app/lock_active_call.sql
-- requires: sql/app/raise_call_conflict.sql
-- requires: sql/app/require_role.sql

-- move_call_booking: moves an active booking to a new start, keeping its reader, length and
-- order. Its client may move their own call within the policy (app.assert_call_change_allowed:
-- CLLAT, CLRSX); admins and superadmins any call, unbound by it. Only a call whose order is
-- still assigned (not started, not cancelled) moves (CLLAT; detail {"status"}), and only while
-- its reader is an unblocked reader (ORDRD, app.assert_active_reader). The new slot
-- meets the booking rules (app.assert_call_slot: CLLEA, CLGRD, CLFAR, CLNAV) and must be free
-- (CLTKN, CLOVL). The booking remembers the previous start and counts the move; the order's
-- scheduled_at follows. Raises USRBL, 42501 (other roles), ORDNF (not the caller's order),
-- CLNFD (no active booking; app.lock_active_call locks the order, then the booking).
-- Definer because no API role writes app.call_bookings or orders.scheduled_at; it checks the
-- caller's role itself and moves only the caller's own booking unless they are an admin.
create or replace function app.move_call_booking(
    p_order_id uuid,
    p_starts_at timestamptz
) returns app.call_bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_role text := app.require_role('client', 'admin', 'superadmin');
    v_booking app.call_bookings;
    v_status app.order_status;
    v_slot tstzrange;
    v_constraint text;
begin
    v_booking := app.lock_active_call(
        p_order_id, p_client_id => case when v_role = 'client' then auth.uid() end
    );
    select o.status into v_status
    from app.orders as o
    where o.id = p_order_id;
    if v_status <> 'assigned' then
        raise exception 'Call % can no longer move (%)', p_order_id, v_status
            using
                errcode = 'CLLAT',
                detail = pg_catalog.jsonb_build_object('status', v_status)::text,
                hint = 'Only a call that has not started moves.';
    end if;
    if v_role = 'client' then
        perform app.assert_call_change_allowed(v_booking, 'reschedule');
    end if;
    perform app.assert_active_reader(v_booking.reader_id);
    v_slot := app.assert_call_slot(v_booking.reader_id, p_starts_at, v_booking.minutes);

    begin
        update app.call_bookings as b
        set
            starts_at = pg_catalog.lower(v_slot),
            ends_at = pg_catalog.upper(v_slot),
            previous_starts_at = b.starts_at,
            rescheduled_at = pg_catalog.now(),
            reschedule_count = b.reschedule_count + 1
        where b.order_id = p_order_id
        returning b.* into v_booking;
    exception
        when exclusion_violation then
            get stacked diagnostics v_constraint = constraint_name;
            perform app.raise_call_conflict(v_constraint, v_slot);
    end;
    update app.orders as o
    set scheduled_at = v_booking.starts_at
    where o.id = p_order_id;
    return v_booking;
end;
$$;

comment on function app.move_call_booking(uuid, timestamptz) is
'Reschedules an active call: its client within the policy, admins any. Errors: USRBL, 42501, '
'ORDNF, CLNFD, CLLAT, CLRSX, ORDRD, CLLEA, CLGRD, CLFAR, CLNAV, CLTKN, CLOVL.';

revoke execute on function app.move_call_booking(uuid, timestamptz) from public, anon;

grant execute on function app.move_call_booking(uuid, timestamptz) to authenticated;
