-- create_astro_order spends the astro limit of the seed (rate_limit.orders_astro: 5 a day per
-- client) through app.orders_check_client_insert; the sixth is PT429 with retry_after_seconds
-- and leaves neither an order nor a chart. Another client has their own budget.
begin;
select plan(6);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.freeze_time('2026-06-01 08:00:00+00');

select is(
    (select a.value from app.app_settings as a where a.key = 'rate_limit.orders_astro'),
    '{"capacity": 5, "refill_seconds": 86400}'::jsonb,
    'the seed allows five astro orders a day'
);

select tests.authenticate_as('alice');
select is(
    (
        select count(*)::integer
        from generate_series(1, 5) as n
        cross join
            lateral tests.create_astro_order(
                '1990-05-01', '14:30', 24.7, 46.7, 'Riyadh', 'Asia/Riyadh',
                tests.sample_astro_chart(), 'Chart ' || n
            ) as created
        where created ->> 'status' = 'new'
    ),
    5,
    'a client creates five astro orders in a day'
);
select throws_ok(
    $$ select tests.create_astro_order('1990-05-01', '14:30', 24.7, 46.7, 'Riyadh',
       'Asia/Riyadh', tests.sample_astro_chart(), 'Chart 6') $$,
    'PT429', null, 'the sixth astro order of the day is over the limit'
);
select is(
    tests.error_detail(
        $$ select tests.create_astro_order('1990-05-01', '14:30', 24.7, 46.7, 'Riyadh',
           'Asia/Riyadh', tests.sample_astro_chart(), 'Chart 6') $$
    ),
    '{"retry_after_seconds": 17280}'::jsonb,
    'PT429 says when the next token arrives (a day over five tokens)'
);
select is(
    (
        select count(*)::integer
        from app.orders as o
        inner join app.order_astro as a on a.order_id = o.id
        where o.client_id = tests.get_user_id('alice')
    ),
    5,
    'the refused order left neither an order nor a chart'
);
select tests.authenticate_as('bob');
select is(
    tests.create_astro_order(
        '1990-05-01', '14:30', 24.7, 46.7, 'Riyadh', 'Asia/Riyadh', tests.sample_astro_chart()
    ) ->> 'status',
    'new',
    'another client has their own astro budget'
);

select * from finish();
rollback;
