-- requires: sql/app/order_result_released.sql
-- order_result_visible: whether the caller may see an order's result: "whoever may see the
-- order sees its result, except its client, who sees it only once the order is delivered".
-- The orders policy decides who sees which order (its client, its assigned reader, unblocked
-- staff), and app.order_result_released, the rule's one home, holds the result back from the
-- client until then. The order-results bucket's policy on storage.objects calls this; the
-- order_results policy writes the same lookup out with app.order_result_released so that it is
-- planned into the query rather than called once per row, and the result's text and its audio
-- file are released together. Invoker: the order is read under the caller's own RLS.
create or replace function app.order_result_visible(p_order_id uuid) returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
    select exists (
        select 1 from app.orders as o
        where
            o.id = p_order_id
            and app.order_result_released(o.client_id, o.status, (select auth.uid()))
    )
$$;

comment on function app.order_result_visible(uuid) is
'True when the caller may see the order''s result: they see the order, and it is delivered '
'if they are its client.';

revoke execute on function app.order_result_visible(uuid) from public, anon;

grant execute on function app.order_result_visible(uuid) to authenticated, service_role;
