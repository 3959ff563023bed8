-- Unknown actions and malformed settings raise RLUNK; bad costs and subjects raise RLBAD.
begin;
select plan(9);

insert into app.app_settings (key, value)
values
('rate_limit.test_action', '{"capacity": 3, "refill_seconds": 60}'),
('rate_limit.test_broken', '{"capacity": "3", "refill_seconds": 60}'),
('rate_limit.test_zero', '{"capacity": 0, "refill_seconds": 60}');

-- the service role: signed-in users spend only their own budgets, via app.rate_limit_take_own
select tests.authenticate_as_service_role();

select throws_ok(
    $$ select app.rate_limit_take('no_such_action', 'alice') $$,
    'RLUNK', null, 'an action without a setting raises RLUNK'
);
select throws_ok(
    $$ select app.rate_limit_take('test_broken', 'alice') $$,
    'RLUNK', null, 'a setting whose capacity is not a number raises RLUNK'
);
select throws_ok(
    $$ select app.rate_limit_take('test_zero', 'alice') $$,
    'RLUNK', null, 'a zero capacity raises RLUNK'
);
select throws_ok(
    $$ select app.rate_limit_take(null, 'alice') $$,
    'RLUNK', null, 'a null action raises RLUNK'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice', 0) $$,
    'RLBAD', null, 'a zero cost raises RLBAD'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice', -1) $$,
    'RLBAD', null, 'a negative cost raises RLBAD (it would mint tokens)'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice', 4) $$,
    'RLBAD', null, 'a cost above the capacity raises RLBAD'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', '') $$,
    'RLBAD', null, 'an empty subject raises RLBAD'
);

reset role;

select is_empty(
    $$ select 1 from app.rate_limit_buckets $$,
    'no rejected call wrote a bucket'
);

select * from finish();
rollback;
