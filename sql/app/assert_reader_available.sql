-- requires: sql/app/reader_available_ranges.sql

-- assert_reader_available: the one home of "the reader takes calls for the whole of this
-- slot": the slot lies inside app.reader_available_ranges (weekly windows in the reader's time
-- zone, plus extra windows, minus time off). Raises CLNAV (detail {"reader_id", "starts_at",
-- "ends_at"}) otherwise. Asked for every slot a client books or moves to
-- (app.assert_call_slot) and for every booking given to another reader
-- (app.call_bookings_check_new_reader).
create or replace function app.assert_reader_available(
    p_reader_id uuid,
    p_slot tstzrange
) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if not coalesce(app.reader_available_ranges(
        p_reader_id, pg_catalog.lower(p_slot), pg_catalog.upper(p_slot)
    ) @> p_slot, false) then
        raise exception 'The reader does not take calls at that time'
            using
                errcode = 'CLNAV',
                detail = pg_catalog.jsonb_build_object(
                    'reader_id', p_reader_id,
                    'starts_at', pg_catalog.lower(p_slot),
                    'ends_at', pg_catalog.upper(p_slot)
                )::text,
                hint = 'Pick a time inside the reader''s availability (get_reader_availability).';
    end if;
end;
$$;

comment on function app.assert_reader_available(uuid, tstzrange) is
'Checks that a reader takes calls for the whole of a slot. Errors: CLNAV.';

revoke execute on function app.assert_reader_available(uuid, tstzrange) from public, anon;

grant execute on function app.assert_reader_available(uuid, tstzrange)
to authenticated, service_role;
