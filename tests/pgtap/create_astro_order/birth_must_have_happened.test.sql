-- create_astro_order: the birth is from 1900-01-01 on (ASTDT) and not after now on the clocks
-- of the birth place (ASTFU; by date alone when the time is unknown); a refused order leaves
-- nothing and spends nothing. The clock is frozen at 2026-06-01 20:00 UTC, 23:00 in Riyadh.
begin;
select plan(8);

select tests.create_client_who_may_order('alice');
select tests.freeze_time('2026-06-01 20:00:00+00');
select tests.authenticate_as('alice');

select throws_ok(
    $$ select tests.create_astro_order('1899-12-31', null, 24.7, 46.7, 'Riyadh',
       'Asia/Riyadh', tests.sample_astro_chart(false)) $$,
    'ASTDT', null, 'a birth before 1900 is refused'
);
select is(
    tests.error_detail(
        $$ select tests.create_astro_order('1899-12-31', null, 24.7, 46.7, 'Riyadh',
           'Asia/Riyadh', tests.sample_astro_chart(false)) $$
    ),
    '{"field": "birth_date", "value": "1899-12-31"}'::jsonb,
    'ASTDT names the field and the value'
);
select throws_ok(
    $$ select tests.create_astro_order('2026-06-02', null, 24.7, 46.7, 'Riyadh',
       'Asia/Riyadh', tests.sample_astro_chart(false)) $$,
    'ASTFU', null, 'a birth tomorrow in Riyadh is refused'
);
select throws_ok(
    $$ select tests.create_astro_order('2026-06-01', '23:30', 24.7, 46.7, 'Riyadh',
       'Asia/Riyadh', tests.sample_astro_chart()) $$,
    'ASTFU', null, 'a birth later today in Riyadh is refused'
);
select is(
    tests.create_astro_order(
        '2026-06-01', '22:30', 24.7, 46.7, 'Riyadh', 'Asia/Riyadh', tests.sample_astro_chart()
    ) ->> 'status',
    'new',
    'a birth earlier today in Riyadh (already 19:30 UTC) is accepted'
);
select is(
    tests.create_astro_order(
        '2026-06-01', null, 24.7, 46.7, 'Riyadh', 'Asia/Riyadh', tests.sample_astro_chart(false)
    ) #>> '{astro,time_known}',
    'false',
    'a birth today with the time unknown is accepted'
);
select is(
    tests.create_astro_order(
        '2026-06-02', null, 13.7, 100.5, 'Bangkok', 'Asia/Bangkok',
        tests.sample_astro_chart(false)
    ) ->> 'status',
    'new',
    'in Bangkok it is already 2 June (03:00): a birth that day, time unknown, is accepted'
);
select is(
    (select count(*)::integer from app.orders where client_id = tests.get_user_id('alice')),
    3,
    'only the accepted births made orders'
);

select * from finish();
rollback;
