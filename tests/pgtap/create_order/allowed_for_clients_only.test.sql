-- create_order: the role matrix. Only clients order; anon, readers, monitors, admins and
-- superadmins get 42501.
begin;
select plan(10);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.clear_authentication();
select throws_ok(
    $$ select public.create_order('tarot', 'Will it rain?') $$,
    '42501', null, 'anon cannot create orders'
);
select tests.authenticate_as('rita');
select throws_ok(
    $$ select public.create_order('tarot', 'Will it rain?') $$,
    '42501', null, 'rita cannot create orders'
);
select tests.authenticate_as('rob');
select throws_ok(
    $$ select public.create_order('tarot', 'Will it rain?') $$,
    '42501', null, 'rob cannot create orders'
);
select tests.authenticate_as('mona');
select throws_ok(
    $$ select public.create_order('tarot', 'Will it rain?') $$,
    '42501', null, 'mona cannot create orders'
);
select tests.authenticate_as('adam');
select throws_ok(
    $$ select public.create_order('tarot', 'Will it rain?') $$,
    '42501', null, 'adam cannot create orders'
);
select tests.authenticate_as('sara');
select throws_ok(
    $$ select public.create_order('tarot', 'Will it rain?') $$,
    '42501', null, 'sara cannot create orders'
);
select tests.authenticate_as('alice');
select is(
    public.create_order('tarot', '  Will I travel?  ') ->> 'status',
    'new',
    'a client creates an order, which starts as new'
);
select is(
    (select o.question from app.orders as o where o.client_id = auth.uid()),
    'Will I travel?',
    'the question is stored trimmed, for its client'
);
select ok(
    not (public.create_order('coffee', 'And love?', null, true) ?| array[
        'reader_note', 'monitor_comment', 'rejection_reason', 'assigned_by', 'approved_by'
    ]),
    'the client sees none of the internal fields of the new order'
);
select tests.authenticate_as('bob');
select is(
    public.create_order('astro', 'My chart?') ->> 'client_id',
    tests.get_user_id('bob')::text,
    'another client creates their own order'
);

select * from finish();
rollback;
