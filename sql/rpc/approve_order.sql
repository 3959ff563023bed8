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
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    perform app.lock_order(p_order_id);
    perform app.name_order_transition('approve');
    perform app.save_order_notes(p_order_id, p_monitor_comment => p_comment);
    perform app.transition_order(p_order_id, 'approve');
    return app.order_json(app.transition_order(p_order_id, 'deliver'));
end;
$$;

comment on function public.approve_order(uuid, text) is
'Monitors: approves a submitted result and delivers it to the client. '
'Errors: USRBL, 42501, ORDNF, ORDTR.';

revoke execute on function public.approve_order(uuid, text) from public, anon;
grant execute on function public.approve_order(uuid, text) to authenticated;
