-- requires: sql/app/call_setting.sql
-- requires: sql/app/order_actor.sql

-- orders_guard_call_start: a call's reader starts it (assigned -> in_progress) only from
-- calls.initiate_window_minutes before its booked start (CLERL; detail {"starts_at", "earliest",
-- "window_minutes"}). A started call is past its client's reach (no cancel, no move), so
-- a reader starting it days ahead would take away the client's free cancellation. The
-- platform (`service`) is not bound. Orders without an active booking are not calls here. The
-- window is the one in which the reader may dial the call (calls.initiate_window_minutes).
-- Invoker, so that app.order_actor() sees the caller: the assigned reader reads the booking
-- through its policy (the setting through the definer app.call_setting).
create or replace function app.orders_guard_call_start() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_early integer;
    v_starts_at timestamptz;
begin
    if app.order_actor() = 'service' then
        return new;
    end if;
    select b.starts_at into v_starts_at
    from app.call_bookings as b
    where b.order_id = new.id and b.cancelled_at is null;
    if not found then
        return new;
    end if;
    v_early := app.call_setting('initiate_window_minutes');
    if app.now() < v_starts_at - pg_catalog.make_interval(mins => v_early) then
        raise exception 'Call % starts at %; it may start % minutes before', new.id, v_starts_at, v_early
            using
                errcode = 'CLERL',
                detail = pg_catalog.jsonb_build_object(
                    'starts_at', v_starts_at,
                    'earliest', v_starts_at - pg_catalog.make_interval(mins => v_early),
                    'window_minutes', v_early
                )::text,
                hint = 'Start the call at its booked time.';
    end if;
    return new;
end;
$$;

comment on function app.orders_guard_call_start() is
'Trigger: a call is started only from calls.initiate_window_minutes before its start. '
'Errors: CLERL.';

revoke execute on function app.orders_guard_call_start()
from public, anon, authenticated, service_role;

create or replace trigger orders_15_guard_call_start
before update of status on app.orders
for each row
when (old.status = 'assigned' and new.status = 'in_progress')
execute function app.orders_guard_call_start();
