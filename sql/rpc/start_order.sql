-- start_order: the assigned reader starts work, or takes a rejected result back into work
-- (transition `start`: assigned or rejected -> in_progress; seed: POST
-- /api/orders/{id}/start). Callable by authenticated readers; RLS hides other readers' orders.
-- Raises USRBL (caller blocked), 42501 (not a reader), ORDNF, ORDTR (not assigned or rejected).
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
    perform app.require_role('reader');
    perform app.lock_order(p_order_id, p_reader_id => auth.uid());
    perform app.name_order_transition('start');
    update app.orders as o
    set status = 'in_progress'
    where o.id = p_order_id
    returning o.* into v_order;
    perform app.name_order_transition(null);
    return app.order_json(v_order);
end;
$$;

comment on function public.start_order(uuid) is
'The assigned reader starts (or restarts after a rejection) an order. '
'Errors: USRBL, 42501, ORDNF, ORDTR.';

revoke execute on function public.start_order(uuid) from public, anon;
grant execute on function public.start_order(uuid) to authenticated;
