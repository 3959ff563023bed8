-- assign_order: an admin gives a new order to a reader (new -> assigned). With p_reassign the
-- order moves to another reader instead (assigned, in_progress or rejected -> assigned), e.g.
-- when its reader was blocked. Callable by authenticated: admins and superadmins (42501 for
-- everyone else). Two admins assigning the same order at once: the row lock makes the second
-- one see the order already assigned and get ORDST.
-- Raises 42501, ORDBL (caller blocked), ORDRD (target is not an unblocked reader), ORDNF,
-- ORDST (the order is not in a state this assignment applies to; detail: its status).
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
begin
    if not app.has_role('admin', 'superadmin') then
        raise exception 'Only admins may assign orders'
            using errcode = '42501', hint = 'Ask an admin.';
    end if;
    perform app.assert_caller_not_blocked();
    if not exists (
        select 1 from app.profiles as p
        where p.id = p_reader_id and p.role = 'reader' and not p.is_blocked
    ) then
        raise exception '% is not an active reader', coalesce(p_reader_id::text, 'null')
            using
                errcode = 'ORDRD',
                detail = pg_catalog.format('reader: %s', coalesce(p_reader_id::text, 'null')),
                hint = 'Pick an unblocked user with the reader role.';
    end if;

    v_order := app.lock_order(p_order_id);
    if
        (not coalesce(p_reassign, false) and v_order.status <> 'new')
        or (
            coalesce(p_reassign, false)
            and (
                v_order.status not in ('assigned', 'in_progress', 'rejected')
                or v_order.reader_id = p_reader_id
            )
        )
    then
        raise exception 'Order % cannot be assigned now', p_order_id
            using
                errcode = 'ORDST',
                detail = pg_catalog.format(
                    'status: %s, reader: %s', v_order.status, coalesce(v_order.reader_id::text, 'none')
                ),
                hint = case
                    when coalesce(p_reassign, false)
                        then 'Reassign only started or rejected work, to another reader.'
                    else 'Only new orders are assigned; pass p_reassign to change the reader.'
                end;
    end if;

    update app.orders as o
    set
        status = 'assigned',
        reader_id = p_reader_id
    where o.id = p_order_id
    returning o.* into v_order;

    return app.order_json(v_order);
end;
$$;

comment on function public.assign_order(uuid, uuid, boolean) is
'Admins: assigns a new order to an unblocked reader, or with p_reassign moves it to another '
'reader. Errors: 42501, ORDBL, ORDRD, ORDNF, ORDST.';

revoke execute on function public.assign_order(uuid, uuid, boolean) from public, anon;
grant execute on function public.assign_order(uuid, uuid, boolean) to authenticated;
