-- approve_order: a monitor approves a submitted result and the client receives it
-- (awaiting_approval -> approved -> delivered in one transaction; see the migration
-- 20261127100000_order_workflow for why). The orders audit trigger records the approval in
-- app.moderation_actions. Callable by authenticated: monitors, admins and superadmins (42501
-- for everyone else). Two monitors approving at once: the row lock makes the second one see the
-- order delivered and get ORDST.
-- Raises 42501, ORDBL (caller blocked), ORDNF, ORDST (not awaiting approval; detail: status).
create or replace function public.approve_order(
    p_order_id uuid,
    p_comment text default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
begin
    if not app.has_role('monitor', 'admin', 'superadmin') then
        raise exception 'Only monitors approve results'
            using errcode = '42501', hint = 'Ask a monitor.';
    end if;
    perform app.assert_caller_not_blocked();
    v_order := app.lock_order(p_order_id);
    if v_order.status <> 'awaiting_approval' then
        raise exception 'Order % is not awaiting approval', p_order_id
            using
                errcode = 'ORDST',
                detail = pg_catalog.format('status: %s', v_order.status),
                hint = 'Someone else may have judged it already; refresh.';
    end if;

    update app.orders as o
    set
        status = 'approved',
        monitor_comment = coalesce(nullif(pg_catalog.btrim(p_comment), ''), o.monitor_comment)
    where o.id = p_order_id;

    update app.orders as o
    set status = 'delivered'
    where o.id = p_order_id
    returning o.* into v_order;

    return app.order_json(v_order);
end;
$$;

comment on function public.approve_order(uuid, text) is
'Monitors: approves a submitted result and delivers it to the client. '
'Errors: 42501, ORDBL, ORDNF, ORDST.';

revoke execute on function public.approve_order(uuid, text) from public, anon;
grant execute on function public.approve_order(uuid, text) to authenticated;
