-- cancel_order: the client cancels their own order before work starts, an admin any order
-- before delivery (transition `cancel`; which states each may cancel from is in
-- app.order_transitions; seed: POST /api/orders/{id}/cancel). Callable by authenticated
-- clients (own orders), admins and superadmins.
-- Raises USRBL (caller blocked), 42501 (reader or monitor), ORDNF, ORDTR (too late for this
-- caller), RSNRQ (reason missing or over 1000 characters; checked by the orders trigger).
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
    v_role text;
begin
    v_role := app.require_role('client', 'admin', 'superadmin');
    -- a client may only cancel their own order; staff any
    perform app.lock_order(
        p_order_id, p_client_id => case when v_role = 'client' then auth.uid() end
    );
    return app.order_json(
        app.transition_order(p_order_id, 'cancel', p_cancel_reason => p_reason)
    );
end;
$$;

comment on function public.cancel_order(uuid, text) is
'Cancels an order: its client before work starts, an admin before delivery. '
'Errors: USRBL, 42501, RSNRQ, ORDNF, ORDTR.';

revoke execute on function public.cancel_order(uuid, text) from public, anon;
grant execute on function public.cancel_order(uuid, text) to authenticated;
