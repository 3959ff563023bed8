-- approve_order: the role matrix; approval delivers at once, once.
begin;
select plan(13);

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
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o2', false)
returning id as o2 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o2';
update app.orders set status = 'in_progress' where id = :'o2';
update app.orders set status = 'awaiting_approval', output_text = 'test reading', reader_note = 'internal note' where id = :'o2';
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o3', false)
returning id as o3 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o3';
update app.orders set status = 'in_progress' where id = :'o3';
update app.orders set status = 'awaiting_approval', output_text = 'test reading', reader_note = 'internal note' where id = :'o3';
insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: o4', false)
returning id as o4 \gset
update app.orders set status = 'assigned', reader_id = tests.get_user_id('rita') where id = :'o4';
update app.orders set status = 'in_progress' where id = :'o4';

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
