-- app.order_results: an order's result. The assigned reader and staff read it at any time, the
-- order's client once it is delivered. Writes: the assigned reader and staff, row by row as
-- their orders allow; which column may change when is app.order_work_guard's business (the
-- transitions of app.order_transitions).

alter table app.order_results enable row level security;

revoke all on table app.order_results from anon, authenticated, service_role;
grant select on table app.order_results to authenticated;
grant insert (order_id, output_text, output_media_id) on table app.order_results to authenticated;
grant update (output_text, output_media_id) on table app.order_results to authenticated;
grant select on table app.order_results to service_role;
grant insert (order_id, output_text, output_media_id) on table app.order_results to service_role;
grant update (output_text, output_media_id) on table app.order_results to service_role;

drop policy if exists order_results_select_authenticated on app.order_results;
create policy order_results_select_authenticated on app.order_results
for select
to authenticated
using (
    app.works_on_order(order_id)
    or exists (
        select 1 from app.orders as o
        where
            o.id = order_results.order_id
            and o.client_id = (select auth.uid())
            and o.status = 'delivered'
    )
);

drop policy if exists order_results_insert_authenticated on app.order_results;
create policy order_results_insert_authenticated on app.order_results
for insert
to authenticated
with check (app.works_on_order(order_id));

drop policy if exists order_results_update_authenticated on app.order_results;
create policy order_results_update_authenticated on app.order_results
for update
to authenticated
using (app.works_on_order(order_id))
with check (app.works_on_order(order_id));
