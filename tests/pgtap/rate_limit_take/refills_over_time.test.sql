-- Tokens come back evenly over refill_seconds, never above the capacity.
begin;
select plan(5);

insert into app.app_settings (key, value)
values ('rate_limit.test_action', '{"capacity": 3, "refill_seconds": 3600}');

select app.rate_limit_take('test_action', 'alice', 3);

select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'the spent bucket refuses a call'
);

-- a third of the period ago: one token is back
update app.rate_limit_buckets
set refreshed_at = refreshed_at - interval '1200 seconds'
where action = 'test_action' and subject = 'alice';

select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'after a third of the period one token is back'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'but only one'
);

-- a whole day idle: the bucket is full again, not fuller
update app.rate_limit_buckets
set refreshed_at = refreshed_at - interval '1 day'
where action = 'test_action' and subject = 'alice';

select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice', 3) $$,
    'after a long pause the whole capacity is back'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'a long pause never fills the bucket above its capacity'
);

select * from finish();
rollback;
