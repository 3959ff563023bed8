-- app.order_status_counts: admins and superadmins may read the counts (ops_order_states reads
-- them as definer); nobody writes them but the orders trigger (app.orders_count_status, definer).

alter table app.order_status_counts enable row level security;

revoke all on table app.order_status_counts from anon, authenticated, service_role;
grant select on table app.order_status_counts to authenticated;

drop policy if exists order_status_counts_select_authenticated on app.order_status_counts;
create policy order_status_counts_select_authenticated on app.order_status_counts
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
