-- requires: sql/app/require_role.sql
-- ops_order_states: the orders section of ops_snapshot: per status the count (from
-- app.order_status_counts, kept by the orders trigger) and, for the states an order waits in,
-- the oldest status_changed_at (one probe of orders_status_status_changed_at_idx each).
-- Raises USRBL, 42501 (not an admin).

-- Definer because, read through the orders policy, counting is a pass over every order and the
-- status filter cannot use the index (the enum comparison is not leakproof, so it stays above
-- the policy): seconds at a million orders. Admins see every order anyway, and the role is
-- checked first.
create or replace function app.ops_order_states() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    v_now timestamptz;
    v_result jsonb;
begin
    perform app.require_role('admin', 'superadmin');
    v_now := app.now();
    select pg_catalog.jsonb_object_agg(
        st.status,
        pg_catalog.jsonb_build_object(
            'count', coalesce((
                select sum(c.orders)
                from app.order_status_counts as c
                where c.status = st.status
            ), 0)::bigint,
            'oldest_since', w.oldest,
            'oldest_waiting_seconds',
            pg_catalog.floor(pg_catalog.date_part('epoch', v_now - w.oldest))::bigint
        )
        order by st.status
    )
    into v_result
    from pg_catalog.unnest(pg_catalog.enum_range(null::app.order_status)) as st (status)
    left join lateral (
        select o.status_changed_at as oldest
        from app.orders as o
        where o.status = st.status and st.status not in ('delivered', 'cancelled')
        order by o.status_changed_at
        limit 1
    ) as w on true;
    return v_result;
end;
$$;

comment on function app.ops_order_states() is
'Admins: orders per status and the oldest waiting in each. Errors: USRBL, 42501.';

revoke execute on function app.ops_order_states() from public, anon, service_role;
grant execute on function app.ops_order_states() to authenticated;
