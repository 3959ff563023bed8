-- requires: sql/app/assert_call_slot.sql
-- requires: sql/app/is_call_service.sql
-- requires: sql/app/assert_active_reader.sql
-- requires: sql/app/raise_call_conflict.sql
-- requires: sql/app/transition_order.sql

-- book_call_slot: turns the caller's new order of a call service into a booking with a reader
-- (public.book_call creates the order first, through the orders trigger's client rules). In
-- order: the caller's own order, still new (ORDNF); a call service (CLSVC; detail {"service"});
-- fewer than calls.max_upcoming_calls active calls of the client that have not ended, so one
-- account cannot hold a reader's calendar (CLCAP; detail {"upcoming_calls",
-- "max_upcoming_calls"});
-- an unblocked reader (ORDRD, app.assert_active_reader); a slot the rules allow (app.assert_call_slot:
-- CLMIN, CLLEA, CLGRD, CLFAR, CLNAV). Then the order gets its reader through the platform's
-- `assign` transition of app.order_transitions (the `service` row: only staff and the platform assign,
-- and here the platform does it for the booking) with scheduled_at set to the start, and the
-- booking row is written; an overlap with another active booking raises CLTKN or CLOVL
-- (app.raise_call_conflict), and the whole booking rolls back with it.
-- Definer because the client may neither read the reader's profile, nor assign an order, nor
-- write app.call_bookings; it acts only on the caller's own new order, locked first.
create or replace function app.book_call_slot(
    p_order_id uuid,
    p_reader_id uuid,
    p_starts_at timestamptz,
    p_minutes integer
) returns app.call_bookings
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_order app.orders;
    v_slot tstzrange;
    v_booking app.call_bookings;
    v_constraint text;
    v_upcoming integer;
    v_max_upcoming integer := app.call_setting('max_upcoming_calls');
begin
    select o.* into v_order
    from app.orders as o
    where o.id = p_order_id and o.client_id = auth.uid() and o.status = 'new'
    for update;
    if not found then
        raise exception 'No new order % of yours', p_order_id
            using
                errcode = 'ORDNF',
                detail = pg_catalog.jsonb_build_object('order', p_order_id)::text,
                hint = 'Book through book_call.';
    end if;
    if not app.is_call_service(v_order.service_code) then
        raise exception 'The service % is not a call', v_order.service_code
            using
                errcode = 'CLSVC',
                detail = pg_catalog.jsonb_build_object('service', v_order.service_code)::text,
                hint = 'Book a call service (list_services), e.g. direct_call.';
    end if;
    -- The client's profile row queues their bookings, so that two at once count each other.
    perform 1 from app.profiles as p where p.id = v_order.client_id for no key update;
    select pg_catalog.count(*)::integer into v_upcoming
    from app.call_bookings as b
    where b.client_id = v_order.client_id and b.cancelled_at is null and b.ends_at > app.now();
    if v_upcoming >= v_max_upcoming then
        raise exception 'You hold % upcoming calls already', v_upcoming
            using
                errcode = 'CLCAP',
                detail = pg_catalog.jsonb_build_object(
                    'upcoming_calls', v_upcoming, 'max_upcoming_calls', v_max_upcoming
                )::text,
                hint = 'Cancel a call you no longer need, or book after one has taken place.';
    end if;
    perform app.assert_active_reader(p_reader_id);
    v_slot := app.assert_call_slot(p_reader_id, p_starts_at, p_minutes);

    perform app.transition_order(p_order_id, 'assign', p_reader_id => p_reader_id);
    update app.orders as o
    set scheduled_at = p_starts_at
    where o.id = p_order_id;

    begin
        insert into app.call_bookings as b (
            order_id, reader_id, client_id, starts_at, minutes, ends_at
        )
        values (
            p_order_id, p_reader_id, v_order.client_id,
            pg_catalog.lower(v_slot), p_minutes, pg_catalog.upper(v_slot)
        )
        returning b.* into v_booking;
    exception
        when exclusion_violation then
            get stacked diagnostics v_constraint = constraint_name;
            perform app.raise_call_conflict(v_constraint, v_slot);
    end;
    return v_booking;
end;
$$;

comment on function app.book_call_slot(uuid, uuid, timestamptz, integer) is
'Books a slot with a reader for the caller''s new call order: assigns the reader and writes '
'the booking. Errors: ORDNF, CLSVC, CLCAP, ORDRD, CLMIN, CLLEA, CLGRD, CLFAR, CLNAV, CLTKN, '
'CLOVL.';

revoke execute on function app.book_call_slot(uuid, uuid, timestamptz, integer) from public, anon;

grant execute on function app.book_call_slot(uuid, uuid, timestamptz, integer) to authenticated;
