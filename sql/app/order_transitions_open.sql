-- requires: sql/app/order_actor.sql

-- order_transitions_open: the transitions of app.order_transitions the caller may make on an
-- order as it stands: from its status, for the caller's actor role (app.order_actor), whose
-- condition holds (own_order: the caller is its client; assigned_reader: its reader), limited
-- to the transition the caller named (app.name_order_transition) when one is named. The orders
-- trigger and the results/notes guard both ask it, so the condition is written once.
create or replace function app.order_transitions_open(p_order app.orders)
returns setof app.order_transitions
language sql
stable
security invoker
set search_path = ''
as $$
    select t.*
    from app.order_transitions as t
    where
        t.from_status = p_order.status
        and t.actor_role = app.order_actor()
        and (
            nullif(pg_catalog.current_setting('app.order_transition', true), '') is null
            or t.name = pg_catalog.current_setting('app.order_transition', true)
        )
        and (
            t.condition is null
            or (t.condition = 'own_order' and p_order.client_id = (select auth.uid()))
            or (t.condition = 'assigned_reader' and p_order.reader_id = (select auth.uid()))
        )
$$;

comment on function app.order_transitions_open(app.orders) is
'The transitions the caller may make on the order now (status, role, condition, named one).';

revoke execute on function app.order_transitions_open(app.orders) from public, anon;

grant execute on function app.order_transitions_open(app.orders) to authenticated, service_role;
