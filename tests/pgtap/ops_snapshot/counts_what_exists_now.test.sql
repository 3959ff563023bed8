-- ops_snapshot: orders by state with the oldest waiting, users by role and the blocked,
-- verification over 24 hours, exhausted rate-limit buckets over the last hour, services.
begin;
select plan(12);

select tests.create_user('rita', 'reader');
select tests.create_user('adam', 'admin');
select tests.create_client_who_may_order('carla');
select tests.create_order_in_state('carla', 'new');
select tests.create_order_in_state('carla', 'new');
select tests.create_order_in_state('carla', 'in_progress', 'rita');
select tests.create_order_in_state('carla', 'delivered', 'rita');

-- the oldest new order has waited an hour
update app.orders as o
set status_changed_at = now() - interval '1 hour'
where o.id = (select o2.id from app.orders as o2 where o2.status = 'new' limit 1);

insert into app.phone_verification_attempts (user_id, phone, kind, outcome, created_at)
values
(tests.get_user_id('carla'), '+971500000099', 'check', 'approved', now() - interval '1 hour'),
(tests.get_user_id('carla'), '+971500000099', 'check', 'wrong_code', now() - interval '2 hours'),
(tests.get_user_id('carla'), '+971500000099', 'check', 'wrong_code', now() - interval '2 hours'),
(tests.get_user_id('carla'), '+971500000099', 'check', 'approved', now() - interval '3 hours'),
(tests.get_user_id('carla'), '+971500000099', 'check', 'approved', now() - interval '30 hours');

insert into app.rate_limit_buckets (action, subject, tokens, refreshed_at)
values
('orders', 'a', 0.5, now() - interval '10 minutes'),
('orders', 'b', 0, now() - interval '20 minutes'),
('uploads', 'c', 0, now() - interval '5 minutes'),
('uploads', 'd', 3, now() - interval '5 minutes'),
('uploads', 'e', 0, now() - interval '2 hours');

select app.record_service_error('storage', 'MEDST', 'Storage could not store the file');

select tests.authenticate_as('adam');
select public.ops_snapshot() as snap \gset

select is((:'snap'::jsonb #>> '{orders,new,count}')::integer, 2, 'two new orders');
select is((:'snap'::jsonb #>> '{orders,in_progress,count}')::integer, 1, 'one order in progress');
select is((:'snap'::jsonb #>> '{orders,delivered,count}')::integer, 1, 'one delivered order');
select ok(
    (:'snap'::jsonb #>> '{orders,new,oldest_waiting_seconds}')::integer between 3590 and 3700,
    'the oldest new order has waited about an hour'
);
select is(
    :'snap'::jsonb #> '{orders,delivered,oldest_since}', 'null'::jsonb,
    'a final state has no oldest waiting'
);
select is(
    (:'snap'::jsonb #>> '{users,by_role,client}')::integer, 1, 'users are counted by role'
);
select is((:'snap'::jsonb #>> '{phone_verification,checks}')::integer, 4, 'four checks in 24 hours');
select is(
    (:'snap'::jsonb #>> '{phone_verification,success_rate}')::numeric, 0.5,
    'half of the checks of the last 24 hours were approved'
);
select is(
    :'snap'::jsonb #> '{rate_limits,by_action}', '{"orders": 2, "uploads": 1}'::jsonb,
    'buckets emptied within the hour, per action'
);
select is(
    :'snap'::jsonb #>> '{services,storage,last_error_code}', 'MEDST',
    'the last error of a service is shown'
);
select is(
    :'snap'::jsonb #> '{services,twilio_verify,configured}', 'null'::jsonb,
    'a service never checked is neither configured nor not'
);
select ok(
    (:'snap'::jsonb #>> '{database,size_bytes}')::bigint > 0, 'the database size is given'
);

select * from finish();
rollback;
