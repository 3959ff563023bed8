-- assign_order: the role matrix (admins and superadmins only), target checks, reassignment.
begin;
select plan(16);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_user('ruth', 'reader');
update app.profiles set is_blocked = true where id = tests.get_user_id('ruth');

select tests.create_order_in_state('alice', 'new', null, 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'new', null, 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o3') as o3 \gset
select tests.get_user_id('rita') as rita_id \gset

select tests.clear_authentication();
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', :'rita_id'),
    '42501', null, 'anon cannot assign orders'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', :'rita_id'),
    '42501', null, 'alice cannot assign orders'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', :'rita_id'),
    '42501', null, 'bob cannot assign orders'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', :'rita_id'),
    '42501', null, 'rita cannot assign orders'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', :'rita_id'),
    '42501', null, 'rob cannot assign orders'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', :'rita_id'),
    '42501', null, 'mona cannot assign orders'
);
select tests.authenticate_as('adam');
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', tests.get_user_id('ruth')),
    'ORDRD', null, 'a blocked reader cannot be assigned'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', tests.get_user_id('bob')),
    'ORDRD', null, 'a client cannot be assigned as reader'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, gen_random_uuid(), tests.get_user_id('rita')),
    'ORDNF', null, 'an unknown order is ORDNF'
);
select is(
    public.assign_order(:'o1', tests.get_user_id('rita')) ->> 'status', 'assigned',
    'an admin assigns a new order'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', tests.get_user_id('rob')),
    'ORDTR', null, 'an assigned order is not assigned again without p_reassign'
);
select is(
    public.assign_order(:'o1', tests.get_user_id('rob'), true) ->> 'reader_id',
    tests.get_user_id('rob')::text,
    'an admin reassigns it to another reader'
);
select is(
    public.assign_order(:'o3', tests.get_user_id('rob'), true) ->> 'status', 'assigned',
    'started work moves to another reader as assigned'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L, true) $$, :'o2', tests.get_user_id('rob')),
    'ORDTR', null, 'a new order is assigned, not reassigned'
);
select tests.authenticate_as('sara');
select is(
    public.assign_order(:'o2', tests.get_user_id('rita')) ->> 'status', 'assigned',
    'a superadmin assigns a new order'
);
reset role;
select ok(
    (
        select o.assigned_by = tests.get_user_id('sara') and o.assigned_at is not null
        from app.orders as o where o.id = :'o2'
    ),
    'the assignment is stamped with who and when'
);

select * from finish();
rollback;
