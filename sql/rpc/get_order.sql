-- get_order: one order as its caller may see it (app.order_json). Callable by authenticated;
-- RLS decides visibility: a client their own, a reader their assignments, staff every order.
-- Raises ORDNF when the order does not exist or is not visible to the caller.
create or replace function public.get_order(p_order_id uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
begin
    select o.* into v_order
    from app.orders as o
    where o.id = p_order_id;
    if not found then
        raise exception 'No order %', p_order_id
            using
                errcode = 'ORDNF',
                detail = pg_catalog.jsonb_build_object('order', p_order_id)::text,
                hint = 'Check the order id; you see only your own orders or assignments.';
    end if;
    return app.order_json(v_order);
end;
$$;

comment on function public.get_order(uuid) is
'One visible order, shaped for the caller (clients see no internal fields). Errors: ORDNF.';

revoke execute on function public.get_order(uuid) from public, anon;
grant execute on function public.get_order(uuid) to authenticated;
