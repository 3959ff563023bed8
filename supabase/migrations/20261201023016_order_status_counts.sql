-- How many orders are in each state, kept by a trigger (sql/app/orders_count_status.sql) so that
-- ops_snapshot reads a few rows instead of counting every order through the orders policy
-- (seconds at a million orders). The count of a state is the sum of its shards; an order always
-- counts in the shard of its id, so concurrent orders mostly touch different rows.

create table app.order_status_counts (
    status app.order_status not null,
    shard smallint not null check (shard between 0 and 15),
    orders bigint not null default 0,
    primary key (status, shard)
);

comment on table app.order_status_counts is
'Orders per status, in 16 shards per status (by order id); written only by the orders trigger.';
alter table app.order_status_counts enable row level security;
revoke all on table app.order_status_counts from anon, authenticated, service_role;

insert into app.order_status_counts (status, shard, orders)
-- the shard of an order: the low four bits of hashtext(id), as the trigger computes it
select
    o.status,
    (hashtext(o.id::text) & 15)::smallint as shard,
    count(*) as orders
from app.orders as o
group by 1, 2;
