-- requires: sql/app/assert_call_change_allowed.sql
-- requires: sql/app/order_actor.sql
-- requires: sql/app/release_call_booking.sql

-- orders_release_call_booking: a cancelled call order frees its slot, however it was
-- cancelled (cancel_call, cancel_order, an admin, the platform). When the call's client
-- cancels, the cancellation policy applies (app.assert_call_change_allowed: CLLAT), so
-- cancel_order cannot get round it; staff and the platform are not bound by it.
-- Invoker: the actor is the caller; the write itself is app.release_call_booking's.
create or replace function app.orders_release_call_booking() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_booking app.call_bookings := app.release_call_booking(new.id);
begin
    if v_booking.order_id is not null and app.order_actor() = 'client' then
        perform app.assert_call_change_allowed(v_booking, 'cancel');
    end if;
    return null;
end;
$$;

comment on function app.orders_release_call_booking() is
'Trigger: a cancelled call order frees its booking; its client only within the policy. '
'Errors: CLLAT.';

revoke execute on function app.orders_release_call_booking()
from public, anon, authenticated, service_role;

create or replace trigger orders_release_call_booking
after update of status on app.orders
for each row
when (new.status = 'cancelled' and old.status is distinct from 'cancelled')
execute function app.orders_release_call_booking();
