-- reject_order: a monitor sends a submitted result back to its reader with a reason
-- (awaiting_approval -> rejected); the reader resubmits. The orders audit trigger records the
-- rejection in app.moderation_actions. Callable by authenticated: monitors, admins and
-- superadmins (42501 for everyone else).
-- Raises 42501, ORDBL (caller blocked), ORDRS (reason missing or over 1000 characters), ORDNF,
-- ORDST (not awaiting approval; detail: status).
create or replace function public.reject_order(
    p_order_id uuid,
    p_reason text,
    p_comment text default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_reason text := nullif(pg_catalog.btrim(p_reason), '');
    v_order app.orders;
begin
    if not app.has_role('monitor', 'admin', 'superadmin') then
        raise exception 'Only monitors reject results'
            using errcode = '42501', hint = 'Ask a monitor.';
    end if;
    perform app.assert_caller_not_blocked();
    if v_reason is null or pg_catalog.char_length(v_reason) > 1000 then
        raise exception 'A reason of 1 to 1000 characters is required'
            using
                errcode = 'ORDRS',
                detail = pg_catalog.format('reason length: %s', coalesce(pg_catalog.char_length(v_reason), 0)),
                hint = 'Tell the reader what to change.';
    end if;
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
        status = 'rejected',
        rejection_reason = v_reason,
        monitor_comment = coalesce(nullif(pg_catalog.btrim(p_comment), ''), o.monitor_comment)
    where o.id = p_order_id
    returning o.* into v_order;

    return app.order_json(v_order);
end;
$$;

comment on function public.reject_order(uuid, text, text) is
'Monitors: sends a submitted result back to the reader with a reason. '
'Errors: 42501, ORDBL, ORDRS, ORDNF, ORDST.';

revoke execute on function public.reject_order(uuid, text, text) from public, anon;
grant execute on function public.reject_order(uuid, text, text) to authenticated;
