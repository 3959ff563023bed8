-- order_result_released: the one rule of when an order's result is held back from someone who
-- sees the order: from its client until the order is delivered, from nobody else. Whoever
-- may see which order is the orders policy's business; the order_results policy and
-- app.order_result_visible (the order-results bucket's policy) combine the two.
-- It takes the caller as an argument, computed once per statement ((select auth.uid()) at
-- the call). It pins its search_path as every function does, so PostgreSQL calls it rather than
-- inlining it: a few microseconds a row, where the old per-row call of order_result_visible, an
-- orders lookup in a function with a setting, cost about 85 µs.
create or replace function app.order_result_released(
    p_client_id uuid,
    p_status app.order_status,
    p_caller uuid
) returns boolean
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select p_client_id <> p_caller or p_status = 'delivered'
$$;

comment on function app.order_result_released(uuid, app.order_status, uuid) is
'True when a caller who sees the order may see its result: not its client, or delivered.';

revoke execute on function app.order_result_released(uuid, app.order_status, uuid)
from public, anon;
grant execute on function app.order_result_released(uuid, app.order_status, uuid)
to authenticated, service_role;
