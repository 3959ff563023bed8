-- requires: sql/app/order_result_released.sql
-- app.order_results: an order's result. Whoever may see the order sees its result, except its
-- client, who sees it only once the order is delivered (app.order_result_released, also behind
-- app.order_result_visible, the order-results bucket's policy on storage.objects): the orders
-- policy decides who sees which order (its client, its assigned reader, unblocked staff), and
-- these policies only hold the result back from the client until then. The select policy is
-- written as the lookup itself, with the caller in a sub-select and the one-expression rule, so
-- a scan of many results probes the orders index per row instead of calling a function that
-- looks the order up per row. Writes: the assigned reader and staff; which
-- column may change when is app.order_work_guard's business (the transitions of
-- app.order_transitions).

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
    exists (
        select 1 from app.orders as o
        where
            o.id = order_results.order_id
            and app.order_result_released(o.client_id, o.status, (select auth.uid()))
    )
);

drop policy if exists order_results_insert_authenticated on app.order_results;
create policy order_results_insert_authenticated on app.order_results
for insert
to authenticated
with check (
    exists (
        select 1 from app.orders as o
        where o.id = order_results.order_id and o.client_id <> (select auth.uid())
    )
);

drop policy if exists order_results_update_authenticated on app.order_results;
create policy order_results_update_authenticated on app.order_results
for update
to authenticated
using (
    exists (
        select 1 from app.orders as o
        where o.id = order_results.order_id and o.client_id <> (select auth.uid())
    )
)
with check (
    exists (
        select 1 from app.orders as o
        where o.id = order_results.order_id and o.client_id <> (select auth.uid())
    )
);
