-- reject_order: a monitor sends a submitted result back to its reader with a reason
-- (transition `reject`: awaiting_approval -> rejected; seed: POST /api/orders/{id}/reject); the
-- reader resubmits. The reason and comment go to app.order_notes first; the orders audit
-- trigger records the rejection in app.moderation_actions.
-- Callable by authenticated monitors, admins and superadmins.
-- Raises USRBL (caller blocked), 42501 (not a monitor), RSNRQ (reason missing or over 1000
-- characters), ORDNF, ORDTR (not awaiting approval).
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
    v_reason text;
    v_order app.orders;
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    v_reason := app.require_reason(p_reason);
    perform app.lock_order(p_order_id);
    perform app.name_order_transition('reject');
    insert into app.order_notes as n (order_id, rejection_reason, monitor_comment)
    values (p_order_id, v_reason, nullif(pg_catalog.btrim(p_comment), ''))
    on conflict (order_id) do update
        set
            rejection_reason = excluded.rejection_reason,
            monitor_comment = coalesce(excluded.monitor_comment, n.monitor_comment);
    update app.orders as o
    set status = 'rejected'
    where o.id = p_order_id
    returning o.* into v_order;
    perform app.name_order_transition(null);
    return app.order_json(v_order);
end;
$$;

comment on function public.reject_order(uuid, text, text) is
'Monitors: sends a submitted result back to the reader with a reason. '
'Errors: USRBL, 42501, RSNRQ, ORDNF, ORDTR.';

revoke execute on function public.reject_order(uuid, text, text) from public, anon;
grant execute on function public.reject_order(uuid, text, text) to authenticated;
