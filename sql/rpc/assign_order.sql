-- assign_order: an admin gives a new order to a reader (transition `assign`: new -> assigned;
-- seed: POST /api/orders/{id}/assign). With p_reassign the order moves to another reader
-- instead (transition `reassign`: assigned, in_progress or rejected -> assigned), e.g. when its
-- reader was blocked. Callable by authenticated admins and superadmins. Two admins assigning
-- the same order at once: the row lock makes the second one find it assigned, and `assign`
-- does not start from assigned, so it gets ORDTR.
-- Raises USRBL (caller blocked), 42501 (not an admin), ORDNF, ORDTR (not a state this
-- assignment starts from, or a reassignment to the same reader), ORDRD (target is not an
-- unblocked reader).
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
begin
    perform app.require_role('admin', 'superadmin');
    perform app.lock_order(p_order_id);
    return app.order_json(app.transition_order(
        p_order_id,
        case when coalesce(p_reassign, false) then 'reassign' else 'assign' end,
        p_reader_id => p_reader_id
    ));
end;
$$;

comment on function public.assign_order(uuid, uuid, boolean) is
'Admins: assigns a new order to an unblocked reader, or with p_reassign moves it to another '
'reader. Errors: USRBL, 42501, ORDNF, ORDTR, ORDRD.';

revoke execute on function public.assign_order(uuid, uuid, boolean) from public, anon;
grant execute on function public.assign_order(uuid, uuid, boolean) to authenticated;
