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
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    v_reason := app.require_reason(p_reason);
    perform app.lock_order(p_order_id);
    perform app.name_order_transition('reject');
    perform app.save_order_notes(
        p_order_id, p_monitor_comment => p_comment, p_rejection_reason => v_reason
    );
    return app.order_json(app.transition_order(p_order_id, 'reject'));
end;
$$;

comment on function public.reject_order(uuid, text, text) is
'Monitors: sends a submitted result back to the reader with a reason. '
'Errors: USRBL, 42501, RSNRQ, ORDNF, ORDTR.';

revoke execute on function public.reject_order(uuid, text, text) from public, anon;
grant execute on function public.reject_order(uuid, text, text) to authenticated;
