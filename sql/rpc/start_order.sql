-- start_order: the assigned reader starts work (assigned -> in_progress) or takes a rejected
-- result back into work (rejected -> in_progress). Callable by authenticated: readers (42501
-- for other roles); RLS hides other readers' orders (ORDNF).
-- Raises 42501, ORDBL (caller blocked), ORDNF, ORDST (not assigned or rejected; detail: status).
create or replace function public.start_order(p_order_id uuid)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
begin
    if not app.has_role('reader') then
        raise exception 'Only readers start orders'
            using errcode = '42501', hint = 'Sign in with a reader account.';
    end if;
    perform app.assert_caller_not_blocked();
    v_order := app.lock_order(p_order_id, p_reader_id => auth.uid());
    if v_order.status not in ('assigned', 'rejected') then
        raise exception 'Order % cannot be started now', p_order_id
            using
                errcode = 'ORDST',
                detail = pg_catalog.format('status: %s', v_order.status),
                hint = 'Only assigned or rejected orders are started.';
    end if;

    update app.orders as o
    set status = 'in_progress'
    where o.id = p_order_id
    returning o.* into v_order;

    return app.order_json(v_order);
end;
$$;

comment on function public.start_order(uuid) is
'The assigned reader starts (or restarts after a rejection) an order. '
'Errors: 42501, ORDBL, ORDNF, ORDST.';

revoke execute on function public.start_order(uuid) from public, anon;
grant execute on function public.start_order(uuid) to authenticated;
