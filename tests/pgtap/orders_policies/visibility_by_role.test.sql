-- Orders: a client sees their own, a reader the ones assigned to them, monitors, admins and
-- superadmins all of them. Writes outside the workflow are refused: a client inserts only their
-- own orders, and an update that is not an allowed transition fails (ORDTR).
begin;
select plan(16);

select tests.create_client_who_may_order('alice');
select tests.create_user('bob', 'client');
select tests.create_user('cleo', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

insert into app.services (code, name_en, name_ar, price_minor)
values ('test_tarot', 'Test tarot', 'تاروت تجريبي', 1000);

insert into app.orders (client_id, service_code, reader_id, question)
values
(tests.get_user_id('alice'), 'test_tarot', tests.get_user_id('rita'), 'test: alice 1'),
(tests.get_user_id('alice'), 'test_tarot', null, 'test: alice 2'),
(tests.get_user_id('bob'), 'test_tarot', tests.get_user_id('rob'), 'test: bob 1');

select tests.authenticate_as('alice');

select results_eq(
    $$ select o.question from app.orders as o order by o.question $$,
    $$ values ('test: alice 1'), ('test: alice 2') $$,
    'a client sees exactly their own orders'
);
select throws_ok(
    format(
        $$ insert into app.orders (client_id, service_code, question) values (%L, 'test_tarot', 'x') $$,
        tests.get_user_id('bob')
    ),
    '42501', null, 'a client cannot insert an order for another client'
);
select throws_ok(
    $$
        insert into app.orders (client_id, service_code, question, status)
        values (auth.uid(), 'test_tarot', 'direct', 'delivered')
    $$,
    '42501', null, 'a client cannot choose the status of a new order'
);
select results_eq(
    $$
        insert into app.orders (client_id, service_code, question)
        values (auth.uid(), 'test_tarot', 'direct insert')
        returning status::text
    $$,
    $$ values ('new') $$,
    'a client may insert their own order, which starts as new'
);
select throws_ok(
    $$ update app.orders set status = 'delivered' where client_id = auth.uid() $$,
    'ORDTR', null, 'a client cannot move their orders outside the workflow'
);
select throws_ok(
    $$ delete from app.orders where client_id = auth.uid() $$,
    '42501', null, 'a client cannot delete orders'
);

select tests.authenticate_as('cleo');

select is_empty(
    $$ select 1 from app.orders $$,
    'a client without orders sees none of the others'''
);

select tests.authenticate_as('rita');

select results_eq(
    $$ select o.question from app.orders as o $$,
    $$ values ('test: alice 1') $$,
    'a reader sees only the orders assigned to them'
);
select throws_ok(
    $$
        insert into app.order_results (order_id, output_text)
        select o.id, 'reading' from app.orders as o where o.reader_id = auth.uid()
    $$,
    'ORDTR', null, 'a reader cannot write a result on an order not open to them (app.order_work_guard)'
);
select throws_ok(
    $$ update app.orders set question = 'changed' where reader_id = auth.uid() $$,
    '42501', null, 'a reader cannot change the question'
);

select tests.authenticate_as('rob');

select results_eq(
    $$ select o.question from app.orders as o $$,
    $$ values ('test: bob 1') $$,
    'another reader sees only their own assignment'
);

select tests.authenticate_as('mona');

select results_eq(
    $$ select o.question from app.orders as o where o.question like 'test:%' order by 1 $$,
    $$ values ('test: alice 1'), ('test: alice 2'), ('test: bob 1') $$,
    'a monitor sees every order'
);

select tests.authenticate_as('adam');

select is(
    (select count(*)::integer from app.orders as o where o.question like 'test:%'),
    3,
    'an admin sees every order'
);

select tests.authenticate_as('sara');

select is(
    (select count(*)::integer from app.orders as o where o.question like 'test:%'),
    3,
    'a superadmin sees every order'
);

select tests.authenticate_as_service_role();

select is(
    (select count(*)::integer from app.orders as o where o.question like 'test:%'),
    3,
    'the service role reads every order'
);

select tests.clear_authentication();

select throws_ok(
    $$ select 1 from app.orders $$,
    '42501', null, 'anon cannot read orders'
);

select * from finish();
rollback;
