-- ops_metrics: per bucket the p50/p95 seconds to assign, deliver and approve of the orders
-- created in it, the monitors' approval and rejection rates, the busiest hours on the clients'
-- clocks; OPSRG for a bad range, OPSBK for a bad bucket.
begin;
select plan(13);

select tests.create_user('rita', 'reader');
select tests.create_user('adam', 'admin');
select tests.create_client_who_may_order('carla');
select tests.create_order_in_state('carla', 'delivered', 'rita') from pg_catalog.generate_series(1, 4);
select tests.create_order_in_state('carla', 'new');

-- four delivered orders on 2026-01-05 (UTC) assigned after 10, 20, 30 and 40 minutes; the
-- new one on 2026-01-06; the client lives in Riyadh (UTC+3)
update app.profiles set time_zone = 'Asia/Riyadh' where id = tests.get_user_id('carla');
with numbered as (
    select o.id, row_number() over (order by o.id) as n
    from app.orders as o
    where o.status = 'delivered'
)

update app.orders as o
set
    created_at = timestamptz '2026-01-05 09:00:00+00',
    assigned_at = timestamptz '2026-01-05 09:00:00+00' + make_interval(mins => 10 * n.n::integer),
    submitted_at = timestamptz '2026-01-05 12:00:00+00',
    approved_at = timestamptz '2026-01-05 12:00:00+00' + make_interval(secs => 60 * n.n::integer),
    delivered_at = timestamptz '2026-01-05 13:00:00+00'
from numbered as n
where o.id = n.id;
update app.orders set created_at = timestamptz '2026-01-06 20:30:00+00' where status = 'new';

update app.moderation_actions set occurred_at = timestamptz '2026-01-05 12:00:00+00';
insert into app.moderation_actions (occurred_at, action, target_order_id, reason)
select
    timestamptz '2026-01-05 12:30:00+00' as occurred_at,
    'reject' as action,
    o.id as target_order_id,
    'test: unclear' as reason
from app.orders as o
where o.status = 'delivered'
limit 1;

select tests.authenticate_as('adam');
select public.ops_metrics(
    timestamptz '2026-01-05 00:00:00+00', timestamptz '2026-01-07 00:00:00+00', 'day'
) as m \gset

select is(jsonb_array_length(:'m'::jsonb -> 'buckets'), 2, 'one bucket per day of the range');
select is((:'m'::jsonb #>> '{buckets,0,orders}')::integer, 4, 'four orders created on the first day');
select is(
    :'m'::jsonb #> '{buckets,0,seconds_to_assign}', '{"p50": 1500, "p95": 2310}'::jsonb,
    'the median and 95th percentile of 10, 20, 30 and 40 minutes to assign'
);
select is(
    (:'m'::jsonb #>> '{buckets,0,seconds_to_deliver,p50}')::numeric, 14400::numeric,
    'four hours to deliver'
);
select is(
    (:'m'::jsonb #>> '{buckets,0,seconds_to_approve,p50}')::numeric, 150::numeric,
    'the monitors took a median of two and a half minutes to approve'
);
select is(
    :'m'::jsonb #>> '{buckets,0,approval_rate}', '0.8000',
    'four approvals and one rejection: an approval rate of 0.8'
);
select is(
    :'m'::jsonb #>> '{buckets,0,rejection_rate}', '0.2000', 'and a rejection rate of 0.2'
);
select is(
    :'m'::jsonb #> '{buckets,1,seconds_to_assign}', '{"p50": null, "p95": null}'::jsonb,
    'an unassigned order has no time to assign'
);
select is((:'m'::jsonb #>> '{totals,orders}')::integer, 5, 'the totals cover the whole range');
select is(
    :'m'::jsonb -> 'busiest_hours',
    '[{"hour": 12, "orders": 4}, {"hour": 23, "orders": 1}]'::jsonb,
    'hours on the client''s clock in Riyadh, busiest first'
);

select throws_ok(
    $$ select public.ops_metrics(now(), now() - interval '1 day', 'day') $$,
    'OPSRG', null, 'a reversed range is refused'
);
select throws_ok(
    $$ select public.ops_metrics(now() - interval '1 day', now(), 'fortnight') $$,
    'OPSBK', null, 'an unknown bucket is refused'
);
select throws_ok(
    $$ select public.ops_metrics(now() - interval '100 days', now(), 'hour') $$,
    'OPSBK', null, 'more than 1000 buckets are refused'
);

select * from finish();
rollback;
