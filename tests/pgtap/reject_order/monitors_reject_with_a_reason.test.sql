-- reject_order: the role matrix; a reason is required; the reader sees it, the client not.
begin;
select plan(14);

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
