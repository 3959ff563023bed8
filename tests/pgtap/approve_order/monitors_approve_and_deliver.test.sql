-- approve_order: the role matrix; approval delivers at once, once.
begin;
select plan(13);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o3') as o3 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o4') as o4 \gset

select tests.clear_authentication();
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o1'),
    '42501', null, 'anon cannot approve'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o1'),
    '42501', null, 'alice cannot approve'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o1'),
    '42501', null, 'bob cannot approve'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o1'),
    '42501', null, 'rita cannot approve'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o1'),
    '42501', null, 'rob cannot approve'
);
select tests.authenticate_as('mona');
select is(
    public.approve_order(:'o1', 'lovely') ->> 'status', 'delivered',
    'a monitor approves and the result is delivered at once'
);
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o1'),
    'ORDTR', null, 'a delivered order is not approved again (the race loser''s code)'
);
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o4'),
    'ORDTR', null, 'work in progress cannot be approved'
);
select tests.authenticate_as('adam');
select is(public.approve_order(:'o2') ->> 'status', 'delivered', 'an admin approves');
select tests.authenticate_as('sara');
select is(public.approve_order(:'o3') ->> 'status', 'delivered', 'a superadmin approves');
select tests.authenticate_as('alice');
select is(
    public.get_order(:'o1') ->> 'output_text', 'test reading',
    'the client now reads the delivered result'
);
reset role;
select results_eq(
    format(
        $$
            select a.action, a.actor_id, a.reason
            from app.moderation_actions as a where a.target_order_id = %L
        $$,
        :'o1'
    ),
    format(
        $$ values ('approve', %L::uuid, 'lovely') $$, tests.get_user_id('mona')
    ),
    'the approval is a moderation action by the monitor'
);
select ok(
    (
        select o.approved_by = tests.get_user_id('mona') and o.approved_at <= o.delivered_at
        from app.orders as o where o.id = :'o1'
    ),
    'approval and delivery are stamped'
);

select * from finish();
rollback;
