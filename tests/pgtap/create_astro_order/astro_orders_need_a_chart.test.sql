-- An astro order is committed only with its chart (app.orders_require_astro_chart, a trigger
-- deferred to the commit; `set constraints all immediate` runs the checks then and from then
-- on): one made through both steps of create_astro_order passes; the client's step alone
-- (app.begin_astro_order) or create_order('astro', ...) is ASTRQ.
begin;
select plan(4);

select tests.create_client_who_may_order('alice');
select tests.authenticate_as('alice');

select is(
    tests.create_astro_order(
        '1990-05-01', '14:30', 24.7, 46.7, 'Riyadh', 'Asia/Riyadh', tests.sample_astro_chart()
    ) ->> 'status',
    'new',
    'create_astro_order makes the order and its chart'
);
select lives_ok(
    $$ set constraints all immediate $$,
    'an astro order with its chart may be committed'
);
-- the checks now run at once, as they would at the commit
select throws_ok(
    $$ select public.create_order('astro', 'A chart without birth data') $$,
    'ASTRQ', null, 'an astro order made with create_order cannot be committed'
);

select throws_ok(
    $$ select app.begin_astro_order('No chart follows') $$,
    'ASTRQ', null, 'the client''s step alone cannot be committed'
);

select * from finish();
rollback;
