-- transition_order: an RPC's one way to move an order. It names the transition (so the orders
-- trigger accepts only that one; app.name_order_transition), moves the order to the state the
-- transition leads to, and returns the row. The caller locks the order first
-- (app.lock_order) and writes the result or notes the transition needs before calling this.
-- A reader or cancel reason is set only when given. Errors: those of the orders trigger.
create or replace function app.transition_order(
    p_order_id uuid,
    p_transition text,
    p_reader_id uuid default null,
    p_cancel_reason text default null
) returns app.orders
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
begin
    perform app.name_order_transition(p_transition);
    update app.orders as o
    set
        status = (
            select pg_catalog.min(t.to_status::text)::app.order_status
            from app.order_transitions as t
            where t.name = p_transition
        ),
        reader_id = coalesce(p_reader_id, o.reader_id),
        cancel_reason = coalesce(p_cancel_reason, o.cancel_reason)
    where o.id = p_order_id
    returning o.* into v_order;
    perform app.name_order_transition(null);
    return v_order;
end;
$$;

comment on function app.transition_order(uuid, text, uuid, text) is
'Makes the named transition on a locked order and returns it. Errors: the orders trigger''s.';

revoke execute on function app.transition_order(uuid, text, uuid, text) from public, anon;

grant execute on function app.transition_order(uuid, text, uuid, text) to authenticated;
