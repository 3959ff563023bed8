-- requires: sql/app/local_timestamp.sql

-- call_json: a booked call as the API shows it: the order it is (id, status, service), its
-- reader and client, the slot as instants and as wall-clock time in p_time_zone (the zone of
-- whoever reads it), and the cancel/reschedule bookkeeping. Invoker: the order's status comes
-- through the caller's RLS.
create or replace function app.call_json(
    p_booking app.call_bookings,
    p_time_zone text
) returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
        'order_id', p_booking.order_id,
        'status', o.status,
        'service_code', o.service_code,
        'reader_id', p_booking.reader_id,
        'client_id', p_booking.client_id,
        'starts_at', p_booking.starts_at,
        'ends_at', p_booking.ends_at,
        'minutes', p_booking.minutes,
        'time_zone', p_time_zone,
        'local_starts_at', app.local_timestamp(p_booking.starts_at, p_time_zone),
        'local_ends_at', app.local_timestamp(p_booking.ends_at, p_time_zone),
        'cancelled_at', p_booking.cancelled_at,
        'reschedule_count', p_booking.reschedule_count,
        'previous_starts_at', p_booking.previous_starts_at,
        'created_at', p_booking.created_at
    )
    from (select 1) as one
    left join app.orders as o on o.id = p_booking.order_id
$$;

comment on function app.call_json(app.call_bookings, text) is
'A booked call as the API shows it, with its slot in p_time_zone''s wall-clock time.';

revoke execute on function app.call_json(app.call_bookings, text) from public, anon;

grant execute on function app.call_json(app.call_bookings, text) to authenticated, service_role;
