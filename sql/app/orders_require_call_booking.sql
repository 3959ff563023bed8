-- requires: sql/app/is_call_service.sql

-- orders_require_call_booking: an order of a call service (app.is_call_service) exists only
-- with its booking in app.call_bookings, which public.book_call writes in the same
-- transaction. The booking can only follow the order (it references it), so the check waits
-- for the commit: a deferred constraint trigger, as for astro charts. create_order('direct_call',
-- ...) or a direct insert without a booking therefore fails at commit with CLBRQ and leaves
-- nothing: a call is never an order without a time and a reader. Invoker: the caller reads the
-- services and their own booking (the policies), the platform reads every row.
create or replace function app.orders_require_call_booking() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    if
        app.is_call_service(new.service_code)
        and not exists (select 1 from app.call_bookings as b where b.order_id = new.id)
    then
        raise exception 'A call order needs its booking'
            using
                errcode = 'CLBRQ',
                detail = pg_catalog.jsonb_build_object('order', new.id)::text,
                hint = 'Book calls with book_call.';
    end if;
    return null;
end;
$$;

comment on function app.orders_require_call_booking() is
'Deferred trigger: an order of a call service is committed only with its booking. '
'Errors: CLBRQ.';

revoke execute on function app.orders_require_call_booking()
from public, anon, authenticated, service_role;

drop trigger if exists orders_91_require_call_booking on app.orders;
create constraint trigger orders_91_require_call_booking
after insert on app.orders
deferrable initially deferred
for each row
execute function app.orders_require_call_booking();
