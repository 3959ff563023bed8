-- Review of "a blocked user acts with no role": a blocked monitor or admin reads only their own
-- profile (no orders, results, notes, other profiles, moderation actions, audit log, rate
-- limit buckets, settings); a blocked reader keeps reading their assignments but writes
-- nothing; a blocked client keeps their orders and delivered results but orders no more, not
-- even by a direct insert. Held at review time.
begin;
select plan(21);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_order_in_state('alice', 'in_progress', 'rita') as ip \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita') as aw \gset
select tests.create_order_in_state('alice', 'delivered', 'rita') as dl \gset

select tests.authenticate_as('sara');
select public.block_profile(tests.get_user_id('mona'), 'test: review');
select public.block_profile(tests.get_user_id('adam'), 'test: review');
select public.block_profile(tests.get_user_id('rita'), 'test: review');
select public.block_profile(tests.get_user_id('alice'), 'test: review');

select tests.authenticate_as('mona');
select is_empty($$ select 1 from app.orders $$, 'a blocked monitor reads no order');
select is_empty($$ select 1 from app.order_results $$, 'nor any result');
select is_empty($$ select 1 from app.order_notes $$, 'nor any note');
select results_eq(
    $$ select id from app.profiles $$,
    array[tests.get_user_id('mona')],
    'and only their own profile'
);
select is_empty($$ select 1 from app.moderation_actions $$, 'nor moderation actions');
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'aw'),
    'USRBL', null, 'a blocked monitor cannot approve'
);
select throws_ok(
    format(
        $$ insert into app.order_notes (order_id, monitor_comment) values (%L, 'x') $$, :'aw'
    ),
    'USRBL', null, 'nor write a note directly'
);

select tests.authenticate_as('adam');
select is_empty($$ select 1 from app.audit_log $$, 'a blocked admin reads no audit log');
select is_empty($$ select 1 from app.rate_limit_buckets $$, 'nor rate limit buckets');
select is_empty($$ select 1 from app.app_settings $$, 'nor settings');
select is_empty($$ select 1 from app.orders $$, 'nor orders');
select throws_ok(
    $$ select app.write_rate_limit_setting('orders', 1000, 1) $$,
    'USRBL', null, 'nor change a limit through the definer function'
);

select tests.authenticate_as('rita');
select results_eq(
    $$ select count(*)::integer from app.orders $$,
    array[3],
    'a blocked reader still reads their assignments'
);
select throws_ok(
    format(
        $$ insert into app.order_results (order_id, output_text) values (%L, 'x')
        on conflict (order_id) do update set output_text = 'x' $$,
        :'ip'
    ),
    'USRBL', null, 'but cannot write a result'
);
select throws_ok(
    format($$ select public.start_order(%L) $$, :'ip'),
    'USRBL', null, 'nor move the order'
);

select tests.authenticate_as('alice');
select results_eq(
    $$ select count(*)::integer from app.orders $$,
    array[3],
    'a blocked client still reads their orders'
);
select is(
    public.get_order(:'dl') ->> 'output_text', 'test reading',
    'and the result of their delivered order'
);
select throws_ok(
    $$ select public.create_order('tarot', 'blocked question') $$,
    'USRBL', null, 'but cannot create an order'
);
select throws_ok(
    format(
        $$ insert into app.orders (client_id, service_code, question)
        values (%L, 'tarot', 'blocked question') $$,
        tests.get_user_id('alice')
    ),
    'USRBL', null, 'not even by a direct insert'
);
select throws_ok(
    format($$ update app.orders set status = 'cancelled' where id = %L $$, :'ip'),
    'USRBL', null, 'nor cancel directly'
);
reset role;
select is_empty(
    format(
        $$ select 1 from app.rate_limit_buckets where subject = %L $$, tests.get_user_id('alice')
    ),
    'and the refused orders spent none of the client''s tokens'
);

select * from finish();
rollback;
