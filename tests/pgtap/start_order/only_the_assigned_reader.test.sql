-- start_order: only the assigned, unblocked reader starts (or restarts) an order.
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
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o2', false)
returning id as o2 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o2';
update app.orders set status = 'in_progress' where id = :'o2';
update app.orders set status = 'awaiting_approval', output_text = 'test reading', reader_note = 'internal note' where id = :'o2';
update app.orders set status = 'rejected', rejection_reason = 'test: try again', monitor_comment = 'internal comment' where id = :'o2';

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
