-- app.order_status_counts: after inserts, every kind of transition, a status left as it was
-- and a delete, the counts per status equal a real count of app.orders.
begin;
select plan(4);

select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('carla', 'client');
select tests.create_order_in_state('carla', s.status::app.order_status, r.reader)
from (
    values
    ('new', null), ('assigned', 'rita'), ('in_progress', 'rita'), ('awaiting_approval', 'rita'),
    ('rejected', 'rita'), ('delivered', 'rita'), ('cancelled', null), ('in_progress', 'rob')
) as s (status, reader)
cross join lateral (select s.reader) as r (reader);

create temporary view counts_differ as
select coalesce(c.status, o.status) as status, c.n as counted, o.n as actual
from (
    select status, sum(orders) as n
    from app.order_status_counts
    group by status
    having sum(orders) <> 0
) as c
full join (select status, count(*) as n from app.orders group by status) as o
    on c.status = o.status
where c.n is distinct from o.n;

select is_empty('select * from counts_differ', 'orders built through every path are counted');

-- reassign started work (in_progress -> assigned) as the platform
update app.orders
set status = 'assigned', reader_id = tests.get_user_id('rita')
where reader_id = tests.get_user_id('rob');
select is_empty('select * from counts_differ', 'a reassignment moves one order between states');

update app.orders set status = status where status = 'new';
select is_empty('select * from counts_differ', 'an update that keeps the status changes no count');

-- run the deferred order checks now: a table with pending trigger events cannot be altered
set constraints all immediate;
alter table app.orders disable trigger orders_10_enforce_transition;
delete from app.orders where status = 'cancelled';
alter table app.orders enable trigger orders_10_enforce_transition;
select is_empty('select * from counts_differ', 'a deleted order leaves its count');

select * from finish();
rollback;
