-- Locks the order an action works on, so racing actions queue and the loser sees the new state.
-- Invoker: RLS decides what the caller may lock; p_reader_id / p_client_id narrow it to an
-- assignee or an owner. An order the caller cannot see is missing. Raises ORDNF.
create or replace function app.lock_order(
    p_order_id uuid,
    p_reader_id uuid default null,
    p_client_id uuid default null
) returns app.orders
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
begin
    select o.* into v_order
    from app.orders as o
    where
        o.id = p_order_id
        and (p_reader_id is null or o.reader_id = p_reader_id)
        and (p_client_id is null or o.client_id = p_client_id)
    for update;
    if not found then
        raise exception 'No order %', p_order_id
            using
                errcode = 'ORDNF',
                detail = pg_catalog.jsonb_build_object('order', p_order_id)::text,
                hint = 'Check the order id.';
    end if;
    return v_order;
end;
$$;

comment on function app.lock_order(uuid, uuid, uuid) is
'Locks an order the caller may see (optionally only as its reader or client). Errors: ORDNF.';

revoke execute on function app.lock_order(uuid, uuid, uuid) from public, anon;

grant execute on function app.lock_order(uuid, uuid, uuid) to authenticated;
