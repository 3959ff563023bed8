-- approve_order: a monitor approves a submitted result and the client receives it (transitions
-- `approve` then `deliver`: awaiting_approval -> approved -> delivered, in one transaction;
-- seed: POST /api/orders/{id}/approve). The orders audit trigger records the approval in
-- app.moderation_actions. Callable by authenticated monitors, admins and superadmins. Two
-- monitors approving at once: the row lock makes the second one find the order delivered, and
-- gets ORDTR.
-- Raises USRBL (caller blocked), 42501 (not a monitor), ORDNF, ORDTR (not awaiting approval).
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
    perform app.require_role('monitor', 'admin', 'superadmin');
    perform app.lock_order(p_order_id);
    perform app.name_order_transition('approve');
    if nullif(pg_catalog.btrim(p_comment), '') is not null then
        insert into app.order_notes as n (order_id, monitor_comment)
        values (p_order_id, pg_catalog.btrim(p_comment))
        on conflict (order_id) do update set monitor_comment = excluded.monitor_comment;
    end if;
    update app.orders as o
    set status = 'approved'
    where o.id = p_order_id;
    perform app.name_order_transition('deliver');
    update app.orders as o
    set status = 'delivered'
    where o.id = p_order_id
    returning o.* into v_order;
    perform app.name_order_transition(null);
    return app.order_json(v_order);
end;
$$;

comment on function public.approve_order(uuid, text) is
'Monitors: approves a submitted result and delivers it to the client. '
'Errors: USRBL, 42501, ORDNF, ORDTR.';

revoke execute on function public.approve_order(uuid, text) from public, anon;
grant execute on function public.approve_order(uuid, text) to authenticated;
