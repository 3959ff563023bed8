-- release_call_booking: frees the slot of a call whose order was cancelled (stamps
-- cancelled_at/by on its booking) and returns the booking as it was, or null when the order
-- has no active booking. It touches nothing unless the order is cancelled, so calling it
-- directly gains nothing.
-- Definer because no API role writes app.call_bookings: the orders trigger that calls it runs
-- as whoever cancelled the order.
create or replace function app.release_call_booking(p_order_id uuid) returns app.call_bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_booking app.call_bookings;
begin
    select b.* into v_booking
    from app.call_bookings as b
    inner join app.orders as o on b.order_id = o.id
    where b.order_id = p_order_id and b.cancelled_at is null and o.status = 'cancelled'
    for update of b;
    if found then
        update app.call_bookings as b
        set cancelled_at = pg_catalog.now(), cancelled_by = auth.uid()
        where b.order_id = p_order_id;
    end if;
    return v_booking;
end;
$$;

comment on function app.release_call_booking(uuid) is
'Frees the slot of a cancelled call order; returns the booking as it was (null if none).';

revoke execute on function app.release_call_booking(uuid) from public, anon;

grant execute on function app.release_call_booking(uuid) to authenticated, service_role;
