-- get_order: the role matrix, and the client's view without internal fields.
begin;
select plan(11);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

-- alice and bob may order: complete profiles, verified phones, of age
update app.profiles as p
set
    first_name = 'Test',
    last_name = 'Client',
    date_of_birth = date '1990-05-05',
    country_code = 'AE',
    time_zone = 'Asia/Dubai',
    phone = case when p.id = tests.get_user_id('alice') then '+971500000001' else '+971500000002' end,
    phone_verified = true
where p.id in (tests.get_user_id('alice'), tests.get_user_id('bob'));

insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o1', false)
returning id as o1 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o1';
update app.orders set status = 'in_progress' where id = :'o1';
update app.orders set status = 'awaiting_approval', output_text = 'test reading', reader_note = 'internal note' where id = :'o1';
update app.orders set status = 'rejected', rejection_reason = 'test: try again', monitor_comment = 'internal comment' where id = :'o1';

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
