-- requires: sql/app/assert_reader_available.sql

-- call_bookings_check_new_reader: a booking given to another reader (an admin reassigned its
-- order, and the booking's reader followed through its foreign key) keeps its slot, so the
-- new reader must take calls for the whole of it (CLNAV, app.assert_reader_available), the
-- rule every booked slot meets. Whether the new reader is an unblocked reader is the orders
-- trigger's business (ORDRD); whether they are free then is the exclusion constraint's, which
-- public.assign_order answers as CLTKN. Cancelled bookings hold no slot and are not checked.
-- Invoker: the update comes from the foreign key's cascade, run as the table's owner.
create or replace function app.call_bookings_check_new_reader() returns trigger
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    perform app.assert_reader_available(
        new.reader_id, pg_catalog.tstzrange(new.starts_at, new.ends_at)
    );
    return new;
end;
$$;

comment on function app.call_bookings_check_new_reader() is
'Trigger: a booking moved to another reader must lie in that reader''s availability. '
'Errors: CLNAV.';

revoke execute on function app.call_bookings_check_new_reader()
from public, anon, authenticated, service_role;

create or replace trigger call_bookings_10_check_new_reader
before update of reader_id on app.call_bookings
for each row
when (new.reader_id is distinct from old.reader_id and new.cancelled_at is null)
execute function app.call_bookings_check_new_reader();
