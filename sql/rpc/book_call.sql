-- book_call: a client books a live call with a reader (seed: POST /api/calls/schedule). The
-- booking is an order of a call service (direct_call): the order is created exactly as
-- create_order creates one (the orders trigger's client rules: a profile that may order, an
-- active service, the question, the `orders` rate limit), then app.book_call_slot checks the
-- slot and the reader, gives the order to the reader (status assigned) and writes the booking,
-- all in this transaction. p_question is what the client wants to talk about (without one,
-- app.default_question: the service's name, 'Live call'). Returns the call with its slot in the client's time zone. Callable by authenticated
-- clients. Two clients racing for one slot: the first commits, the other gets CLTKN.
-- Raises USRBL (caller blocked), 42501 (not a client), ORDPF (profile may not order; detail
-- {"missing_fields": [...]}), ORDSV (unknown or inactive service), ORDQL (question too long),
-- PT429 (over the `orders` limit), CLSVC (not a call service), CLCAP (the client holds
-- calls.max_upcoming_calls calls that have not ended), ORDRD (not an unblocked reader),
-- CLMIN (length not 15, 30, 45 or 60), CLLEA (too soon), CLGRD (not on a quarter hour), CLFAR
-- (too far ahead), CLNAV (outside the reader's availability), CLTKN (the reader is booked
-- then), CLOVL (the client has another call then).
create or replace function public.book_call(
    p_reader_id uuid,
    p_service_code text,
    p_starts_at timestamptz,
    p_minutes integer,
    p_question text default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
    v_booking app.call_bookings;
begin
    perform app.require_role('client');
    insert into app.orders as o (client_id, service_code, question)
    values (
        (select auth.uid()),
        p_service_code,
        app.default_question(p_service_code, p_question)
    )
    returning o.* into v_order;
    v_booking := app.book_call_slot(v_order.id, p_reader_id, p_starts_at, p_minutes);
    -- a statement of its own, so that it sees the order as the booking left it
    return app.call_json(v_booking, app.profile_time_zone((select auth.uid())));
end;
$$;

comment on function public.book_call(uuid, text, timestamptz, integer, text) is
'Clients: books a call with a reader (an order of a call service, assigned to the reader). '
'Errors: USRBL, 42501, ORDPF, ORDSV, ORDQL, PT429, CLSVC, CLCAP, ORDRD, CLMIN, CLLEA, CLGRD, '
'CLFAR, CLNAV, CLTKN, CLOVL.';

revoke execute on function public.book_call(uuid, text, timestamptz, integer, text)
from public, anon;
grant execute on function public.book_call(uuid, text, timestamptz, integer, text)
to authenticated;
