-- app.orders: a client reads their own orders, a reader the orders assigned to them, monitors,
-- admins and superadmins every order. No direct writes: orders change through RPCs.

alter table app.orders enable row level security;

revoke all on table app.orders from anon, authenticated, service_role;
grant select on table app.orders to authenticated;
grant select on table app.orders to service_role;

drop policy if exists orders_select_authenticated on app.orders;
create policy orders_select_authenticated on app.orders
for select
to authenticated
using (
    client_id = (select auth.uid())
    or reader_id = (select auth.uid())
    or (select app.has_role('monitor', 'admin', 'superadmin'))
);
