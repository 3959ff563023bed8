-- orders_count_status: keeps app.order_status_counts in step with app.orders, in the same
-- transaction: +1 for the new status, -1 for the old one, in the shard of the order's id (the
-- low four bits of hashtext(id)). The two rows of one change are written by one statement in
-- status order, so two transactions moving orders of one shard in opposite directions
-- (reassigning started work while another reader starts) queue instead of deadlocking.

-- Definer because the trigger runs as whoever changes the order (clients, readers, staff) and
-- no API role may write the counts.
create or replace function app.orders_count_status() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_shard smallint;
begin
    v_shard := (pg_catalog.hashtext(coalesce(new.id, old.id)::text) & 15)::smallint;
    insert into app.order_status_counts as c (status, shard, orders)
    select d.status, v_shard, d.delta
    from (
        select new.status as status, 1 as delta where tg_op in ('INSERT', 'UPDATE')
        union all
        select old.status, -1 where tg_op in ('UPDATE', 'DELETE')
    ) as d
    where d.status is not null
    order by d.status
    on conflict (status, shard) do update
        set orders = c.orders + excluded.orders;
    return null;
end;
$$;

comment on function app.orders_count_status() is
'Trigger: counts orders per status in app.order_status_counts (sharded by order id).';
revoke execute on function app.orders_count_status() from public, anon, authenticated, service_role;

create or replace trigger orders_90_count_status
after insert or delete on app.orders
for each row
execute function app.orders_count_status();

create or replace trigger orders_91_count_status_change
after update of status on app.orders
for each row
when (old.status is distinct from new.status)
execute function app.orders_count_status();
