-- reject_order: the role matrix; a reason is required; the reader sees it, the client not.
begin;
select plan(14);

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

select tests.clear_authentication();
select throws_ok(
    format($$ select public.reject_order(%L, 'bad') $$, :'o1'),
    '42501', null, 'anon cannot reject'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.reject_order(%L, 'bad') $$, :'o1'),
    '42501', null, 'alice cannot reject'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.reject_order(%L, 'bad') $$, :'o1'),
    '42501', null, 'bob cannot reject'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.reject_order(%L, 'bad') $$, :'o1'),
    '42501', null, 'rita cannot reject'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.reject_order(%L, 'bad') $$, :'o1'),
    '42501', null, 'rob cannot reject'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select public.reject_order(%L, '  ') $$, :'o1'),
    'RSNRQ', null, 'a rejection needs a reason'
);
select throws_ok(
    format($$ select public.reject_order(%L, repeat('x', 1001)) $$, :'o1'),
    'RSNRQ', null, 'a reason over 1000 characters is refused'
);
select is(
    public.reject_order(:'o1', 'Too short; say more about the third card.') ->> 'status',
    'rejected',
    'a monitor rejects with a reason'
);
select throws_ok(
    format($$ select public.reject_order(%L, 'again') $$, :'o1'),
    'ORDTR', null, 'a rejected order is not rejected again'
);
select tests.authenticate_as('adam');
select is(public.reject_order(:'o2', 'no') ->> 'status', 'rejected', 'an admin rejects');
select tests.authenticate_as('sara');
select is(public.reject_order(:'o3', 'no') ->> 'status', 'rejected', 'a superadmin rejects');
select tests.authenticate_as('alice');
select ok(
    not (public.get_order(:'o1') ? 'rejection_reason'),
    'the client does not see the rejection reason'
);
select tests.authenticate_as('rita');
select is(
    public.get_order(:'o1') ->> 'rejection_reason',
    'Too short; say more about the third card.',
    'the reader sees why'
);
reset role;
select results_eq(
    format(
        $$
            select a.action, a.actor_id
            from app.moderation_actions as a where a.target_order_id = %L
        $$,
        :'o1'
    ),
    format($$ values ('reject', %L::uuid) $$, tests.get_user_id('mona')),
    'the rejection is a moderation action by the monitor'
);

select * from finish();
rollback;
