-- requires: sql/app/has_role.sql

-- works_on_order: whether the caller works on an order: its assigned reader, or staff (an
-- unblocked monitor, admin or superadmin). The policies of an order's result and notes ask
-- it. Invoker: the order is read under the caller's RLS.
create or replace function app.works_on_order(p_order_id uuid) returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
    select exists (
        select 1 from app.orders as o
        where
            o.id = p_order_id
            and (
                o.reader_id = (select auth.uid())
                or (select app.has_role('monitor', 'admin', 'superadmin'))
            )
    )
$$;

comment on function app.works_on_order(uuid) is
'True for the assigned reader of the order and for unblocked staff.';

revoke execute on function app.works_on_order(uuid) from public, anon;

grant execute on function app.works_on_order(uuid) to authenticated;
