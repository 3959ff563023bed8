-- app.order_astro: whoever sees the order sees its chart (the orders policy decides): its
-- client, its assigned reader, unblocked staff; nobody else. Only the platform writes it
-- (app.attach_astro_chart); no user inserts, updates or deletes it.
begin;
select plan(16);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');

select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: chart', 'astro') as order_id \gset
select tests.attach_astro_chart(:'order_id');
select tests.create_order_in_state('alice', 'new', p_service_code => 'astro') as bare_id \gset
select tests.create_order_in_state('alice', 'new') as tarot_id \gset

create temporary table chart_of (sql text) on commit drop;
grant select on chart_of to anon, authenticated;
insert into chart_of values (format('select public.get_astro_chart(%L)', :'order_id'));

select tests.authenticate_as('alice');
select is(
    public.get_astro_chart(:'order_id') #>> '{bodies,0,sign}', 'taurus',
    'the client reads the chart of their order'
);
select tests.authenticate_as('rita');
select is(
    public.get_astro_chart(:'order_id') #>> '{angles,ascendant,sign}', 'virgo',
    'the assigned reader reads it'
);
select tests.authenticate_as('mona');
select isnt(public.get_astro_chart(:'order_id'), null, 'a monitor reads it');
select tests.authenticate_as('adam');
select isnt(public.get_astro_chart(:'order_id'), null, 'an admin reads it');
select tests.authenticate_as('bob');
select throws_ok((select sql from chart_of), 'ORDNF', null, 'another client cannot read it');
select is_empty(
    format('select 1 from app.order_astro where order_id = %L', :'order_id'),
    'another client sees no row'
);
select tests.authenticate_as('rob');
select throws_ok((select sql from chart_of), 'ORDNF', null, 'another reader cannot read it');
select is_empty(
    format('select 1 from app.order_astro where order_id = %L', :'order_id'),
    'another reader sees no row'
);
select tests.clear_authentication();
select throws_ok((select sql from chart_of), '42501', null, 'anon cannot read it');

select tests.authenticate_as('alice');
select throws_ok(
    format('select public.get_astro_chart(%L)', :'tarot_id'), 'ASTNC', null,
    'a tarot order has no chart'
);
select throws_ok(
    format(
        $$ insert into app.order_astro (order_id, birth_date, latitude, longitude, time_zone, chart)
           values (%L, '1990-05-01', 24.7, 46.7, 'Asia/Riyadh', tests.sample_astro_chart(false)) $$,
        :'bare_id'
    ),
    '42501', null, 'the client cannot store a chart of their own making, even on their new order'
);
select throws_ok(
    format(
        $$ insert into app.order_astro (order_id, birth_date, latitude, longitude, time_zone, chart)
           values (%L, '1990-05-01', 24.7, 46.7, 'Asia/Riyadh', tests.sample_astro_chart(false)) $$,
        :'tarot_id'
    ),
    '42501', null, 'nor on an order of another service'
);
select throws_ok(
    format(
        $$ update app.order_astro set birth_date = '1991-01-01' where order_id = %L $$,
        :'order_id'
    ),
    '42501', null, 'the client cannot change the stored chart'
);
select throws_ok(
    format($$ delete from app.order_astro where order_id = %L $$, :'order_id'),
    '42501', null, 'nor delete it'
);
select tests.authenticate_as('bob');
select throws_ok(
    format(
        $$ insert into app.order_astro (order_id, birth_date, latitude, longitude, time_zone, chart)
           values (%L, '1990-05-01', 24.7, 46.7, 'Asia/Riyadh', tests.sample_astro_chart(false)) $$,
        :'bare_id'
    ),
    '42501', null, 'another client cannot attach a chart to it'
);
select tests.authenticate_as('rita');
select throws_ok(
    format(
        $$ insert into app.order_astro (order_id, birth_date, latitude, longitude, time_zone, chart)
           values (%L, '1990-05-01', 24.7, 46.7, 'Asia/Riyadh', tests.sample_astro_chart(false)) $$,
        :'tarot_id'
    ),
    '42501', null, 'a reader cannot write charts'
);

select * from finish();
rollback;
