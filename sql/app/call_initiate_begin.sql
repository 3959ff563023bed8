-- requires: sql/app/call_setting.sql
-- requires: sql/app/verified_phone.sql
-- call_initiate_begin: the database's half of calls_initiate. The booking's assigned reader,
-- unblocked, inside calls.initiate_window_minutes of the booked start, on a booking that is
-- not cancelled and has no call yet, with an unblocked client, and both parties holding a
-- verified phone: then the call is created (state dialing, conference bk_<order id>, time
-- limit = the booked length) and the dial plan returned: each party's verified phone and
-- language. The caller dials, records the legs (app.call_record_legs) and commits; if Twilio
-- fails the transaction rolls back and the reader may try again.
-- Raises USRBL, 42501 (not a reader, or not this booking's reader), VCBNF (no such booking),
-- VCBCN (cancelled), VCWIN (outside the window; detail {"opens_at", "closes_at"}), VCEXS
-- (already started; detail {"state"}), VCBLK (the client is blocked), VCUNV (a party without a
-- verified phone; detail {"party"}).
-- Definer because the reader may not read the client's phone nor write app.calls; it acts only
-- for the booking's own reader, checked first.
create or replace function app.call_initiate_begin(p_order_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_booking app.call_bookings;
    v_reader app.profiles;
    v_client app.profiles;
    v_window interval;
    v_call app.calls;
    v_reader_phone text;
    v_client_phone text;
begin
    perform app.require_role('reader');
    select b.* into v_booking
    from app.call_bookings as b
    where b.order_id = p_order_id
    for update;
    if not found then
        raise exception 'No booked call %', p_order_id
            using
                errcode = 'VCBNF',
                detail = pg_catalog.jsonb_build_object('order_id', p_order_id)::text,
                hint = 'Give the order id of a booked call.';
    end if;
    if v_booking.reader_id is distinct from auth.uid() then
        raise exception 'Only the booking''s reader starts the call'
            using errcode = '42501', hint = 'Ask the reader the call is booked with.';
    end if;
    if v_booking.cancelled_at is not null then
        raise exception 'The booking % is cancelled', p_order_id
            using errcode = 'VCBCN', hint = 'A cancelled booking has no call.';
    end if;
    v_window := pg_catalog.make_interval(mins => app.call_setting('initiate_window_minutes'));
    if app.now() not between v_booking.starts_at - v_window and v_booking.starts_at + v_window then
        raise exception 'The call can be started only around its booked time'
            using
                errcode = 'VCWIN',
                detail = pg_catalog.jsonb_build_object(
                    'opens_at', v_booking.starts_at - v_window,
                    'closes_at', v_booking.starts_at + v_window
                )::text,
                hint = 'Start the call between opens_at and closes_at.';
    end if;
    select c.* into v_call from app.calls as c where c.order_id = p_order_id;
    if found then
        raise exception 'The call of booking % was already started', p_order_id
            using
                errcode = 'VCEXS',
                detail = pg_catalog.jsonb_build_object('state', v_call.state)::text,
                hint = 'A booking has one call; monitor it with get_call.';
    end if;
    select p.* into v_reader from app.profiles as p where p.id = v_booking.reader_id;
    select p.* into v_client from app.profiles as p where p.id = v_booking.client_id;
    if v_client.is_blocked then
        raise exception 'The client of this booking is blocked'
            using errcode = 'VCBLK', hint = 'A blocked user cannot be called.';
    end if;
    v_reader_phone := app.verified_phone(v_reader.id, 'reader');
    v_client_phone := app.verified_phone(v_client.id, 'client');

    insert into app.calls (order_id, conference_name, time_limit_seconds, initiated_by)
    values (p_order_id, 'bk_' || p_order_id::text, v_booking.minutes * 60, auth.uid())
    returning * into v_call;

    return pg_catalog.jsonb_build_object(
        'call_id', v_call.id,
        'order_id', p_order_id,
        'conference_name', v_call.conference_name,
        'time_limit_seconds', v_call.time_limit_seconds,
        'reader', pg_catalog.jsonb_build_object(
            'phone', v_reader_phone, 'language', v_reader.language
        ),
        'client', pg_catalog.jsonb_build_object(
            'phone', v_client_phone, 'language', v_client.language
        )
    );
end;
$$;

comment on function app.call_initiate_begin(uuid) is
'The booking''s reader: checks and creates the call, returns the dial plan. Errors: USRBL, '
'42501, VCBNF, VCBCN, VCWIN, VCEXS, VCBLK, VCUNV.';

revoke execute on function app.call_initiate_begin(uuid) from public, anon, service_role;

grant execute on function app.call_initiate_begin(uuid) to authenticated;
