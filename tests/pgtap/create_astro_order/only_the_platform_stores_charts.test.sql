-- The chart of an astro order is the one the platform computed: app.attach_astro_chart, which
-- only service_role may execute, stores it, and only on the calling client's (the claims' sub)
-- new astro order that has none yet. The client's own step, app.begin_astro_order, cannot be
-- committed without it (ASTRQ at the commit).
begin;
select plan(8);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');

select hasnt_function(
    'public', 'create_astro_order', 'the old RPC that took a client-made chart is gone'
);

select tests.authenticate_as('alice');
select app.begin_astro_order('My chart') ->> 'id' as order_id \gset
select tests.create_order_in_state('alice', 'new') as tarot_id \gset
select tests.authenticate_as('alice');

create temporary table attach (sql text) on commit drop;
grant select on attach to anon, authenticated, service_role;
insert into attach values (format(
    $$ select app.attach_astro_chart(%L, '1990-05-01', '14:30', 24.7, 46.7, 'Riyadh',
       'Asia/Riyadh', tests.sample_astro_chart()) $$,
    :'order_id'
));

select throws_ok(
    (select sql from attach), '42501', null, 'a client cannot store a chart, even on their order'
);
select tests.authenticate_as('rita');
select throws_ok((select sql from attach), '42501', null, 'nor can a reader');
select tests.clear_authentication();
select throws_ok((select sql from attach), '42501', null, 'nor anon');

-- the platform acting for bob (his sub in the claims) cannot write on alice's order
select set_config('role', 'service_role', true);
select set_config(
    'request.jwt.claims',
    jsonb_build_object('role', 'service_role', 'sub', tests.get_user_id('bob'))::text, true
);
select throws_ok((select sql from attach), 'ORDNF', null, 'the platform step is bound to the caller');
select set_config(
    'request.jwt.claims',
    jsonb_build_object('role', 'service_role', 'sub', tests.get_user_id('alice'))::text, true
);
select throws_ok(
    format(
        $$ select app.attach_astro_chart(%L, '1990-05-01', '14:30', 24.7, 46.7, 'Riyadh',
           'Asia/Riyadh', tests.sample_astro_chart()) $$,
        :'tarot_id'
    ),
    'ORDNF', null, 'and to a new astro order: not a tarot order'
);
select lives_ok(
    (select sql from attach), 'the platform stores the chart on the caller''s new astro order'
);
select throws_ok((select sql from attach), 'ORDNF', null, 'once: a stored chart is never replaced');

select * from finish();
rollback;
