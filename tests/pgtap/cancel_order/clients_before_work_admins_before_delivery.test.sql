-- cancel_order: a client cancels their own order before work starts, an admin any order
-- before delivery; readers and monitors never.
begin;
select plan(15);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'new', null, 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o3') as o3 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o4') as o4 \gset
select tests.create_order_in_state('alice', 'rejected', 'rita', 'test: o5') as o5 \gset
select tests.create_order_in_state('alice', 'delivered', 'rita', 'test: o6') as o6 \gset

select tests.clear_authentication();
select throws_ok(
    format($$ select public.cancel_order(%L, 'changed my mind') $$, :'o1'),
    '42501', null, 'anon cannot cancel alice''s order'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.cancel_order(%L, 'changed my mind') $$, :'o1'),
    'ORDNF', null, 'bob cannot cancel alice''s order'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.cancel_order(%L, 'changed my mind') $$, :'o1'),
    '42501', null, 'rita cannot cancel alice''s order'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.cancel_order(%L, 'changed my mind') $$, :'o1'),
    '42501', null, 'rob cannot cancel alice''s order'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select public.cancel_order(%L, 'changed my mind') $$, :'o1'),
    '42501', null, 'mona cannot cancel alice''s order'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.cancel_order(%L, '') $$, :'o1'),
    'RSNRQ', null, 'a cancellation needs a reason'
);
select is(
    public.cancel_order(:'o1', 'changed my mind') ->> 'status', 'cancelled',
    'the client cancels a new order'
);
select is(
    public.cancel_order(:'o2', 'changed my mind') ->> 'status', 'cancelled',
    'the client cancels an assigned order before work starts'
);
select throws_ok(
    format($$ select public.cancel_order(%L, 'too slow') $$, :'o3'),
    'ORDTR', null, 'the client cannot cancel once work started'
);
select throws_ok(
    format($$ select public.cancel_order(%L, 'again') $$, :'o1'),
    'ORDTR', null, 'a cancelled order stays cancelled'
);
select tests.authenticate_as('adam');
select is(
    public.cancel_order(:'o3', 'reader unavailable') ->> 'status', 'cancelled',
    'an admin cancels work in progress'
);
select is(
    public.cancel_order(:'o4', 'refund') ->> 'status', 'cancelled',
    'an admin cancels a result awaiting approval'
);
select throws_ok(
    format($$ select public.cancel_order(%L, 'late') $$, :'o6'),
    'ORDTR', null, 'a delivered order cannot be cancelled'
);
select tests.authenticate_as('sara');
select is(
    public.cancel_order(:'o5', 'refund') ->> 'status', 'cancelled',
    'a superadmin cancels a rejected order'
);
reset role;
select ok(
    (
        select o.cancelled_by = tests.get_user_id('alice') and o.cancel_reason = 'changed my mind'
        from app.orders as o where o.id = :'o1'
    ),
    'the cancellation is stamped with who and why'
);

select * from finish();
rollback;
