-- app.orders: a client reads their own orders, a reader the orders assigned to them, monitors,
-- admins and superadmins every order (blocked staff act with no role: only their own rows). The
-- result and the internal notes live in app.order_results and app.order_notes, with their own
-- policies. Writes come from the invoker RPCs in sql/rpc: a client
-- inserts their own orders; updates are limited to the workflow columns below, and the
-- orders_10 trigger lets each caller make only the transitions of app.order_transitions, with
-- that transition's writable columns. `app` is not an exposed schema, so the RPCs (which shape
-- what a client sees through app.order_json) are the only way in from the API.

alter table app.orders enable row level security;

revoke all on table app.orders from anon, authenticated, service_role;
grant select on table app.orders to authenticated;
grant insert (
    client_id, service_code, question, input_media_id, is_gold
) on table app.orders to authenticated;
grant update (status, reader_id, cancel_reason) on table app.orders to authenticated;
grant select on table app.orders to service_role;
grant update (status, reader_id, cancel_reason) on table app.orders to service_role;

drop policy if exists orders_select_authenticated on app.orders;
create policy orders_select_authenticated on app.orders
for select
to authenticated
using (
    client_id = (select auth.uid())
    or reader_id = (select auth.uid())
    or (select app.has_role('monitor', 'admin', 'superadmin'))
);

drop policy if exists orders_insert_client on app.orders;
create policy orders_insert_client on app.orders
for insert
to authenticated
with check (
    client_id = (select auth.uid())
    and (select app.has_role('client'))
);

-- One permissive update policy: the rows a caller may update at all. Which change they may make
-- on such a row is the orders_10 trigger's business (app.order_transitions).
drop policy if exists orders_update_client on app.orders;
drop policy if exists orders_update_reader on app.orders;
drop policy if exists orders_update_staff on app.orders;
drop policy if exists orders_update_authenticated on app.orders;
create policy orders_update_authenticated on app.orders
for update
to authenticated
using (
    client_id = (select auth.uid())
    or reader_id = (select auth.uid())
    or (select app.has_role('monitor', 'admin', 'superadmin'))
)
with check (
    client_id = (select auth.uid())
    or reader_id = (select auth.uid())
    or (select app.has_role('monitor', 'admin', 'superadmin'))
);
