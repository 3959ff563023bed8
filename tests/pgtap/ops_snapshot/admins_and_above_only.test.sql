-- ops_snapshot and ops_metrics: admins and superadmins call them; anon, clients, readers and
-- monitors are refused with 42501, a blocked admin with USRBL.
begin;
select plan(14);

select tests.create_user('carla', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_user('bella', 'admin');

select tests.clear_authentication();
select throws_ok($$ select public.ops_snapshot() $$, '42501', null, 'anon cannot read the snapshot');
select throws_ok(
    $$ select public.ops_metrics(now() - interval '1 day', now(), 'hour') $$,
    '42501', null, 'anon cannot read the metrics'
);

select tests.authenticate_as('carla');
select throws_ok($$ select public.ops_snapshot() $$, '42501', null, 'a client cannot read the snapshot');
select throws_ok(
    $$ select public.ops_metrics(now() - interval '1 day', now(), 'hour') $$,
    '42501', null, 'a client cannot read the metrics'
);

select tests.authenticate_as('rita');
select throws_ok($$ select public.ops_snapshot() $$, '42501', null, 'a reader cannot read the snapshot');
select throws_ok(
    $$ select public.ops_metrics(now() - interval '1 day', now(), 'hour') $$,
    '42501', null, 'a reader cannot read the metrics'
);

select tests.authenticate_as('mona');
select throws_ok($$ select public.ops_snapshot() $$, '42501', null, 'a monitor cannot read the snapshot');
select throws_ok(
    $$ select public.ops_metrics(now() - interval '1 day', now(), 'hour') $$,
    '42501', null, 'a monitor cannot read the metrics'
);

select tests.authenticate_as('adam');
select ok(public.ops_snapshot() ? 'orders', 'an admin reads the snapshot');
select ok(
    public.ops_metrics(now() - interval '1 day', now(), 'hour') ? 'buckets',
    'an admin reads the metrics'
);

select tests.authenticate_as('sara');
select ok(public.ops_snapshot() ? 'services', 'a superadmin reads the snapshot');
select ok(
    public.ops_metrics(now() - interval '1 day', now(), 'hour') ? 'totals',
    'a superadmin reads the metrics'
);

-- a blocked admin acts with no role
select tests.authenticate_as('sara');
select public.block_profile(tests.get_user_id('bella'), 'test: blocked');
select tests.authenticate_as('bella');
select throws_ok($$ select public.ops_snapshot() $$, 'USRBL', null, 'a blocked admin cannot read the snapshot');
select throws_ok(
    $$ select public.ops_metrics(now() - interval '1 day', now(), 'hour') $$,
    'USRBL', null, 'a blocked admin cannot read the metrics'
);

select * from finish();
rollback;
