-- start_order: the assigned reader starts work, or takes a rejected result back into work
-- (transition `start`: assigned or rejected -> in_progress; seed: POST
-- /api/orders/{id}/start). Callable by authenticated readers; RLS hides other readers' orders.
-- Raises USRBL (caller blocked), 42501 (not a reader), ORDNF, ORDTR (not assigned or rejected),
-- CLERL (a booked call, earlier than calls.initiate_window_minutes before its start).
create or replace function public.start_order(p_order_id uuid)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('reader');
    perform app.lock_order(p_order_id, p_reader_id => auth.uid());
    return app.order_json(app.transition_order(p_order_id, 'start'));
end;
$$;

comment on function public.start_order(uuid) is
'The assigned reader starts (or restarts after a rejection) an order. '
'Errors: USRBL, 42501, ORDNF, ORDTR, CLERL.';

revoke execute on function public.start_order(uuid) from public, anon;
grant execute on function public.start_order(uuid) to authenticated;
