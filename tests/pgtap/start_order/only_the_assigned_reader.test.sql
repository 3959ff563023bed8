-- start_order: only the assigned, unblocked reader starts (or restarts) an order.
begin;
select plan(11);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'rejected', 'rita', 'test: o2') as o2 \gset

select tests.clear_authentication();
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o1'),
    '42501', null, 'anon cannot start the order'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o1'),
    '42501', null, 'alice cannot start the order'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o1'),
    '42501', null, 'bob cannot start the order'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o1'),
    'ORDNF', null, 'rob cannot start the order'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o1'),
    '42501', null, 'mona cannot start the order'
);
select tests.authenticate_as('adam');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o1'),
    '42501', null, 'adam cannot start the order'
);
select tests.authenticate_as('sara');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o1'),
    '42501', null, 'sara cannot start the order'
);
select tests.authenticate_as('rita');
select is(public.start_order(:'o1') ->> 'status', 'in_progress', 'the assigned reader starts');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o1'), 'ORDTR', null, 'a started order is not started again'
);
select is(
    public.start_order(:'o2') ->> 'status', 'in_progress', 'the reader takes a rejected result back'
);
reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('rita');
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o2';
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.start_order(%L) $$, :'o2'),
    'USRBL', null, 'a blocked reader cannot start'
);

select * from finish();
rollback;
