-- cancel_order: a client cancels their own order before work starts, an admin any order
-- before delivery; readers and monitors never.
begin;
select plan(15);

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
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o2', false)
returning id as o2 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o2';
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o3', false)
returning id as o3 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o3';
update app.orders set status = 'in_progress' where id = :'o3';
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o4', false)
returning id as o4 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o4';
update app.orders set status = 'in_progress' where id = :'o4';
update app.orders set status = 'awaiting_approval', output_text = 'test reading', reader_note = 'internal note' where id = :'o4';
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o5', false)
returning id as o5 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o5';
update app.orders set status = 'in_progress' where id = :'o5';
update app.orders set status = 'awaiting_approval', output_text = 'test reading', reader_note = 'internal note' where id = :'o5';
update app.orders set status = 'rejected', rejection_reason = 'test: try again', monitor_comment = 'internal comment' where id = :'o5';
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o6', false)
returning id as o6 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o6';
update app.orders set status = 'in_progress' where id = :'o6';
update app.orders set status = 'awaiting_approval', output_text = 'test reading', reader_note = 'internal note' where id = :'o6';
update app.orders set status = 'approved' where id = :'o6';
update app.orders set status = 'delivered' where id = :'o6';

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
