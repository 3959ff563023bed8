-- raise_call_conflict: what a booking write that hit one of the exclusion constraints of
-- app.call_bookings answers, instead of PostgreSQL's 23P01: CLTKN when the reader is already
-- booked then (call_bookings_reader_slot_excl), CLOVL when the client has another call then
-- (call_bookings_client_slot_excl); detail {"starts_at", "ends_at"}. Racing bookings of one slot
-- queue on the constraint: the first commits, every other one lands here.
-- Volatile: it always raises, and must never be folded while a query is planned.
create or replace function app.raise_call_conflict(
    p_constraint text,
    p_slot tstzrange
) returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_detail jsonb := pg_catalog.jsonb_build_object(
        'starts_at', pg_catalog.lower(p_slot), 'ends_at', pg_catalog.upper(p_slot)
    );
begin
    if p_constraint = 'call_bookings_client_slot_excl' then
        raise exception 'You already have a call at that time'
            using
                errcode = 'CLOVL',
                detail = v_detail::text,
                hint = 'Pick another time, or cancel the other call first.';
    end if;
    raise exception 'The reader is already booked at that time'
        using
            errcode = 'CLTKN',
            detail = v_detail::text,
            hint = 'Pick another time.';
end;
$$;

comment on function app.raise_call_conflict(text, tstzrange) is
'Raises the registered error of a booking that overlaps another. Errors: CLTKN, CLOVL.';

revoke execute on function app.raise_call_conflict(text, tstzrange) from public, anon;

grant execute on function app.raise_call_conflict(text, tstzrange) to authenticated, service_role;
