-- assign_order: an admin gives a new order to a reader (transition `assign`: new -> assigned;
-- seed: POST /api/orders/{id}/assign). With p_reassign the order moves to another reader
-- instead (transition `reassign`: assigned, in_progress or rejected -> assigned), e.g. when its
-- reader was blocked. Callable by authenticated admins and superadmins. Two admins assigning
-- the same order at once: the row lock makes the second one find it assigned, and `assign`
-- does not start from assigned, so it gets ORDTR.
-- A booked call's booking follows its order to the new reader, who must take calls for the
-- whole slot (CLNAV, app.call_bookings_check_new_reader) and be free then (CLTKN: the
-- booking's exclusion constraint, answered by app.raise_call_conflict).
-- Raises USRBL (caller blocked), 42501 (not an admin), ORDNF, ORDTR (not a state this
-- assignment starts from, or a reassignment to the same reader), ORDRD (target is not an
-- unblocked reader), CLNAV, CLTKN.
create or replace function public.assign_order(
    p_order_id uuid,
    p_reader_id uuid,
    p_reassign boolean default false
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
    v_constraint text;
begin
    perform app.require_role('admin', 'superadmin');
    perform app.lock_order(p_order_id);
    begin
        v_order := app.transition_order(
            p_order_id,
            case when coalesce(p_reassign, false) then 'reassign' else 'assign' end,
            p_reader_id => p_reader_id
        );
    exception
        when exclusion_violation then
            -- a booked call's booking follows its order to the new reader, who is busy then
            get stacked diagnostics v_constraint = constraint_name;
            perform app.raise_call_conflict(
                v_constraint,
                (select b.slot from app.call_bookings as b where b.order_id = p_order_id)
            );
    end;
    return app.order_json(v_order);
end;
$$;

comment on function public.assign_order(uuid, uuid, boolean) is
'Admins: assigns a new order to an unblocked reader, or with p_reassign moves it to another '
'reader (a booked call only to a reader available and free then). '
'Errors: USRBL, 42501, ORDNF, ORDTR, ORDRD, CLNAV, CLTKN.';

revoke execute on function public.assign_order(uuid, uuid, boolean) from public, anon;
grant execute on function public.assign_order(uuid, uuid, boolean) to authenticated;
