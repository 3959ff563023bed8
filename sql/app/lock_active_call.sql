-- requires: sql/app/lock_order.sql

-- lock_active_call: the call an action works on, locked through its order (app.lock_order:
-- ORDNF when the caller may not see it, or with p_client_id is not that client's), and its
-- active booking (CLNFD when it has none: not a call, or cancelled; detail {"order_id": id}).
-- The order's lock guards its booking: every writer of a booking (book, move, release on
-- cancel, an admin's reassignment) holds its order's row lock first, so racing changes of one
-- call queue there and the later one reads what the first left. Invoker: RLS decides what the
-- caller may lock.
create or replace function app.lock_active_call(
    p_order_id uuid,
    p_client_id uuid default null
) returns app.call_bookings
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_booking app.call_bookings;
begin
    perform app.lock_order(p_order_id, p_client_id => p_client_id);
    select b.* into v_booking
    from app.call_bookings as b
    where b.order_id = p_order_id and b.cancelled_at is null;
    if not found then
        raise exception 'No active call %', p_order_id
            using
                errcode = 'CLNFD',
                detail = pg_catalog.jsonb_build_object('order_id', p_order_id)::text,
                hint = 'Check the call''s order id (list_my_calls).';
    end if;
    return v_booking;
end;
$$;

comment on function app.lock_active_call(uuid, uuid) is
'Locks a call''s order and its active booking (optionally only as its client). '
'Errors: ORDNF, CLNFD.';

revoke execute on function app.lock_active_call(uuid, uuid) from public, anon;

grant execute on function app.lock_active_call(uuid, uuid) to authenticated;
