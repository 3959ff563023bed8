-- create_astro_order: only clients who may order create astro orders, through the same checks
-- as create_order; the order carries its chart, with signs named from app.zodiac_signs.
begin;
select plan(16);

select tests.create_client_who_may_order('alice');
select tests.create_user('carl', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

create temporary table attempt (sql text) on commit drop;
grant select on attempt to anon, authenticated;
insert into attempt values (
    $$ select tests.create_astro_order('1990-05-01', '14:30', 24.68773, 46.72185, 'Riyadh',
       'Asia/Riyadh', tests.sample_astro_chart(), 'What does my chart say?') $$
);

select tests.clear_authentication();
select throws_ok((select sql from attempt), '42501', null, 'anon cannot create astro orders');
select tests.authenticate_as('rita');
select throws_ok((select sql from attempt), '42501', null, 'a reader cannot create astro orders');
select tests.authenticate_as('mona');
select throws_ok((select sql from attempt), '42501', null, 'a monitor cannot create astro orders');
select tests.authenticate_as('adam');
select throws_ok((select sql from attempt), '42501', null, 'an admin cannot create astro orders');
select tests.authenticate_as('sara');
select throws_ok(
    (select sql from attempt), '42501', null, 'a superadmin cannot create astro orders'
);
select tests.authenticate_as('carl');
select throws_ok(
    (select sql from attempt), 'ORDPF', null,
    'a client whose profile is incomplete is refused as by create_order'
);
select is(
    (select count(*)::integer from app.order_astro),
    0,
    'refused orders leave no chart behind'
);

select tests.authenticate_as('alice');
select throws_ok(
    $$ select tests.create_astro_order('1990-05-01', '14:30', 24.7, 46.7, 'Riyadh',
       'Asia/Riyadh', '{"aspects": []}') $$,
    '23514', null, 'a chart without bodies is refused'
);
select throws_ok(
    $$ select tests.create_astro_order('1990-05-01', '14:30', 24.7, 46.7, 'Riyadh',
       'Asia/Riyadh', tests.sample_astro_chart() || jsonb_build_object('x', repeat('a', 70000))) $$,
    '23514', null, 'an oversized chart is refused'
);
select tests.create_astro_order(
    '1990-05-01', '14:30', 24.68773, 46.72185, 'Riyadh', 'Asia/Riyadh',
    tests.sample_astro_chart(), null
) as created \gset
select is(:'created'::jsonb ->> 'status', 'new', 'a client creates an astro order, status new');
select is(:'created'::jsonb ->> 'service_code', 'astro', 'it is an order of the astro service');
select is(
    :'created'::jsonb ->> 'question',
    (select s.name_en from app.services as s where s.code = 'astro'),
    'without a question the order is titled with the service name'
);
select is(
    :'created'::jsonb #>> '{astro,bodies,0,sign}', 'taurus',
    'the stored Sun at 40.84 degrees reads as Taurus'
);
select is(
    (:'created'::jsonb #>> '{astro,bodies,0,degree}')::numeric(6, 2), 10.84::numeric(6, 2),
    'and at 10.84 degrees of it'
);
select is(
    :'created'::jsonb #>> '{astro,angles,ascendant,sign_ar}', 'العذراء',
    'the ascendant''s sign is named in Arabic from the zodiac table'
);
select is(
    (
        select a.birth_time
        from app.order_astro as a
        where a.order_id = (:'created'::jsonb ->> 'id')::uuid
    ),
    time '14:30',
    'the birth data is stored with the order'
);

select * from finish();
rollback;
