-- cancel_order: the client cancels their own order before work starts (new or assigned), an
-- admin any order before delivery. Callable by authenticated: clients (own orders), admins and
-- superadmins (42501 for readers and monitors). A blocked caller cannot cancel (ORDBL).
-- Raises 42501, ORDBL (caller blocked), ORDRS (reason missing or over 1000 characters), ORDNF,
-- ORDST (too late for this caller; detail: status).
create or replace function public.cancel_order(
    p_order_id uuid,
    p_reason text
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_role text := app.current_role();
    v_reason text := nullif(pg_catalog.btrim(p_reason), '');
    v_order app.orders;
begin
    if v_role is null or v_role not in ('client', 'admin', 'superadmin') then
        raise exception 'Not allowed to cancel orders'
            using errcode = '42501', hint = 'Clients cancel their own orders; admins any.';
    end if;
    perform app.assert_caller_not_blocked();
    if v_reason is null or pg_catalog.char_length(v_reason) > 1000 then
        raise exception 'A reason of 1 to 1000 characters is required'
            using
                errcode = 'ORDRS',
                detail = pg_catalog.format('reason length: %s', coalesce(pg_catalog.char_length(v_reason), 0)),
                hint = 'Say why the order is cancelled.';
    end if;
    -- a client may only cancel their own order; staff any
    v_order := app.lock_order(
        p_order_id, p_client_id => case when v_role = 'client' then auth.uid() end
    );
    if
        (v_role = 'client' and v_order.status not in ('new', 'assigned'))
        or v_order.status in ('delivered', 'cancelled')
    then
        raise exception 'Order % can no longer be cancelled', p_order_id
            using
                errcode = 'ORDST',
                detail = pg_catalog.format('status: %s', v_order.status),
                hint = case
                    when v_role = 'client' then 'Work has started; contact support.'
                    else 'Delivered and cancelled orders are final.'
                end;
    end if;

    update app.orders as o
    set
        status = 'cancelled',
        cancel_reason = v_reason
    where o.id = p_order_id
    returning o.* into v_order;

    return app.order_json(v_order);
end;
$$;

comment on function public.cancel_order(uuid, text) is
'Cancels an order: its client before work starts, an admin before delivery. '
'Errors: 42501, ORDBL, ORDRS, ORDNF, ORDST.';

revoke execute on function public.cancel_order(uuid, text) from public, anon;
grant execute on function public.cancel_order(uuid, text) to authenticated;
