-- The limit is read on every call: a larger capacity admits more at once, a smaller one clamps
-- the tokens already in the bucket.
begin;
select plan(5);

insert into app.app_settings (key, value)
values ('rate_limit.test_action', '{"capacity": 5, "refill_seconds": 3600}');

select app.rate_limit_take('test_action', 'alice');

update app.app_settings
set value = '{"capacity": 2, "refill_seconds": 3600}'
where key = 'rate_limit.test_action';

select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice', 2) $$,
    'after the capacity shrinks to 2 the bucket holds 2 tokens (clamped from 4)'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'and not one more'
);

update app.app_settings
set value = '{"capacity": 2, "refill_seconds": 1}'
where key = 'rate_limit.test_action';
update app.rate_limit_buckets
set refreshed_at = refreshed_at - interval '1 second'
where action = 'test_action' and subject = 'alice';

select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice', 2) $$,
    'a shorter refill period applies on the next call'
);

update app.app_settings
set value = '{"capacity": 10, "refill_seconds": 3600}'
where key = 'rate_limit.test_action';

select lives_ok(
    $$ select app.rate_limit_take('test_action', 'bob', 10) $$,
    'a new bucket starts full at the current capacity'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'bob') $$,
    'PT429', null, 'and is then spent'
);

select * from finish();
rollback;
