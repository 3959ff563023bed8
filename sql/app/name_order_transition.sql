-- name_order_transition: an RPC says which transition its next update of app.orders makes
-- (a name of app.order_transitions, or null to stop naming). The orders trigger then accepts
-- only a row of that name for the rest of the transaction. Naming can only narrow what the
-- caller may do, never widen it, so a direct writer gains nothing by calling this.
create or replace function app.name_order_transition(p_name text) returns void
language sql
volatile
security invoker
set search_path = ''
as $$
    select pg_catalog.set_config('app.order_transition', coalesce(p_name, ''), true)
$$;

comment on function app.name_order_transition(text) is
'Names the order transition the caller''s next updates make, for this transaction.';

revoke execute on function app.name_order_transition(text) from public, anon;

grant execute on function app.name_order_transition(text) to authenticated, service_role;
