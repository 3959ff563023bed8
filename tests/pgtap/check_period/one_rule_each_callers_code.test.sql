-- check_period: one rule for a period (both ends, the end after the start, at most N days),
-- raised with the code its caller hands it: CLRNG from list_calls (93 days), OPSRG from
-- ops_metrics and exports (366 days). Allowed and refused periods, by SQLSTATE.
begin;
select plan(11);

select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.freeze_time('2026-06-01 08:00Z');

select tests.authenticate_as('adam');
select lives_ok(
    $$ select app.check_period('2026-01-01', '2026-01-02', 1, 'CLRNG') $$,
    'a period of exactly the longest allowed length passes'
);
select throws_ok(
    $$ select app.check_period('2026-01-01', '2026-01-02 00:00:01', 1, 'OPSRG') $$,
    'OPSRG', null, 'a second over the longest length is refused with the caller''s code'
);
select throws_ok(
    $$ select app.check_period('2026-01-02', '2026-01-02', 5, 'CLRNG') $$,
    'CLRNG', null, 'an empty period is refused'
);
select throws_ok(
    $$ select app.check_period(null, '2026-01-02', 5, 'CLRNG') $$,
    'CLRNG', null, 'a period without a start is refused'
);
select is(
    tests.error_detail($$ select app.check_period('2026-01-03', '2026-01-02', 5, 'CLRNG') $$),
    '{"to": "2026-01-02T00:00:00+00:00", "from": "2026-01-03T00:00:00+00:00", "max_days": 5}'::jsonb,
    'the detail names both ends and the longest length'
);

-- list_calls: 93 days, CLRNG
select tests.authenticate_as('mona');
select lives_ok(
    $$ select public.list_calls('2026-06-01', '2026-09-02') $$,
    'list_calls takes a period of 93 days'
);
select throws_ok(
    $$ select public.list_calls('2026-06-01', '2026-09-03') $$,
    'CLRNG', null, 'list_calls refuses a period of 94 days'
);
select throws_ok(
    $$ select public.list_calls('2026-06-08', '2026-06-01') $$,
    'CLRNG', null, 'list_calls refuses a period that ends before it starts'
);

-- ops_metrics: 366 days, OPSRG
select tests.authenticate_as('adam');
select lives_ok(
    $$ select public.ops_metrics('2025-06-01', '2026-06-01', 'month') $$,
    'ops_metrics takes a period of a year'
);
select throws_ok(
    $$ select public.ops_metrics('2025-01-01', '2026-06-01', 'month') $$,
    'OPSRG', null, 'ops_metrics refuses a period over 366 days'
);
select throws_ok(
    $$ select public.ops_metrics('2026-06-01', null, 'month') $$,
    'OPSRG', null, 'ops_metrics refuses a period without an end'
);

select * from finish();
rollback;
