-- get_order: the role matrix, and the client's view without internal fields.
begin;
select plan(11);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'rejected', 'rita', 'test: o1') as o1 \gset

select tests.clear_authentication();
select throws_ok(
    format($$ select public.get_order(%L) $$, :'o1'),
    '42501', null, 'anon cannot read orders'
);
select tests.authenticate_as('alice');
select is(
    public.get_order(:'o1') ->> 'status', 'rejected', 'the client reads their own order'
);
select ok(
    not (public.get_order(:'o1') ?| array[
        'reader_note', 'monitor_comment', 'rejection_reason', 'reader_id', 'assigned_by'
    ]),
    'the client sees no internal field'
);
select is(
    public.get_order(:'o1') ->> 'output_text', null, 'the client sees no undelivered result'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.get_order(%L) $$, :'o1'),
    'ORDNF', null, 'another client cannot read it'
);
select tests.authenticate_as('rita');
select is(
    public.get_order(:'o1') ->> 'rejection_reason', 'test: try again',
    'the assigned reader reads the order with the rejection reason'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.get_order(%L) $$, :'o1'),
    'ORDNF', null, 'another reader cannot read it'
);
select tests.authenticate_as('mona');
select is(
    public.get_order(:'o1') ->> 'monitor_comment', 'internal comment',
    'staff (mona) read the whole order'
);
select tests.authenticate_as('adam');
select is(
    public.get_order(:'o1') ->> 'monitor_comment', 'internal comment',
    'staff (adam) read the whole order'
);
select tests.authenticate_as('sara');
select is(
    public.get_order(:'o1') ->> 'monitor_comment', 'internal comment',
    'staff (sara) read the whole order'
);
select tests.authenticate_as('alice');
select throws_ok(
    $$ select public.get_order(gen_random_uuid()) $$,
    'ORDNF', null, 'an unknown order is ORDNF'
);

select * from finish();
rollback;
