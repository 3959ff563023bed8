-- cancel_call: cancels a booked call, freeing its slot (seed: POST /api/calls/terminate before
-- the call). The call's order takes the `cancel` transition (app.order_transitions: its client
-- while it is assigned, admins until it is delivered); the orders trigger then frees the
-- booking and, for the client, applies the cancellation policy (only until
-- calls.change_cutoff_minutes before the start). Returns the call in the caller's time zone.
-- Callable by authenticated clients (own calls), admins and superadmins.
-- Raises USRBL (caller blocked), 42501 (reader or monitor), ORDNF / CLNFD (no such call for the
-- caller, or already cancelled), ORDTR (the call has started), RSNRQ (reason missing or over
-- 1000 characters), CLLAT (the client is past the deadline; detail {"starts_at", "deadline",
-- "cutoff_minutes"}).
create or replace function public.cancel_call(
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
    v_booking app.call_bookings;
begin
    v_role := app.require_role('client', 'admin', 'superadmin');
    perform app.lock_active_call(
        p_order_id, p_client_id => case when v_role = 'client' then (select auth.uid()) end
    );
    perform app.transition_order(p_order_id, 'cancel', p_cancel_reason => p_reason);
    select b.* into v_booking
    from app.call_bookings as b
    where b.order_id = p_order_id;
    return app.call_json(v_booking, app.profile_time_zone((select auth.uid())));
end;
$$;

comment on function public.cancel_call(uuid, text) is
'Cancels a booked call: its client until the policy''s deadline, admins any time before '
'delivery. Errors: USRBL, 42501, ORDNF, CLNFD, ORDTR, RSNRQ, CLLAT.';

revoke execute on function public.cancel_call(uuid, text) from public, anon;
grant execute on function public.cancel_call(uuid, text) to authenticated;
