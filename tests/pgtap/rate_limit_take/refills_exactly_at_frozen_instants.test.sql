-- Refill at frozen instants: a spent bucket gets capacity / refill_seconds tokens per second,
-- exactly, up to the capacity, and a clock that goes back refills nothing.
begin;
select plan(11);

insert into app.app_settings (key, value)
values ('rate_limit.test_action', '{"capacity": 3, "refill_seconds": 60}');

select tests.freeze_time('2026-01-01 12:00:00+00');
select app.rate_limit_take('test_action', 'alice', 3);
select results_eq(
    $$
        select b.tokens, b.refreshed_at from app.rate_limit_buckets as b
        where b.action = 'test_action' and b.subject = 'alice'
    $$,
    $$ values (0::numeric, '2026-01-01 12:00:00+00'::timestamptz) $$,
    'the new bucket starts full and is spent at the frozen instant'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'the spent bucket refuses a call at the same instant'
);

-- one token every 20 seconds
select tests.freeze_time('2026-01-01 12:00:19.999999+00');
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'a microsecond before 20 seconds no whole token is back'
);
select tests.freeze_time('2026-01-01 12:00:20+00');
select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'at 20 seconds exactly one token is back'
);
select results_eq(
    $$
        select b.tokens, b.refreshed_at from app.rate_limit_buckets as b
        where b.action = 'test_action' and b.subject = 'alice'
    $$,
    $$ values (0::numeric, '2026-01-01 12:00:20+00'::timestamptz) $$,
    'and it is spent'
);

select tests.freeze_time('2026-01-01 12:00:30+00');
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'half a token is not enough'
);
select tests.freeze_time('2026-01-01 12:01:00+00');
select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice', 2) $$,
    '40 seconds after the last call two tokens are back'
);

select tests.freeze_time('2026-01-02 12:00:00+00');
select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice', 3) $$,
    'after a day the whole capacity is back'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'but never more'
);

select tests.freeze_time('2026-01-01 00:00:00+00');
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'a clock that goes back refills nothing'
);
select is(
    (
        select b.refreshed_at from app.rate_limit_buckets as b
        where b.action = 'test_action' and b.subject = 'alice'
    ),
    '2026-01-02 12:00:00+00'::timestamptz,
    'and the bucket''s time does not go back'
);

select * from finish();
rollback;
