-- The update policy of app.orders together with the orders_10 trigger (and, for the result and
-- notes, app.order_work_guard): each party updates only their own orders, only along
-- app.order_transitions, and only that transition's columns.
begin;
select plan(10);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'new', null, 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o3') as o3 \gset
select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: o4') as o4 \gset

select tests.authenticate_as('bob');
select is_empty(
    format($$ update app.orders set status = 'cancelled', cancel_reason = 'x' where id = %L returning id $$, :'o1'),
    'another client cannot update the order (update policy)'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ update app.orders set status = 'cancelled', reader_id = %L where id = %L $$, tests.get_user_id('rob'), :'o1'),
    '42501', null, 'a client cannot change the reader while cancelling'
);
select results_eq(
    format($$ update app.orders set status = 'cancelled', cancel_reason = 'x' where id = %L returning status::text $$, :'o1'),
    $$ values ('cancelled') $$,
    'the client cancels their own new order directly (orders_update_authenticated)'
);
select tests.authenticate_as('rob');
select is_empty(
    format($$ update app.orders set status = 'in_progress' where id = %L returning id $$, :'o2'),
    'another reader cannot update the assignment (update policy)'
);
select tests.authenticate_as('rita');
select throws_ok(
    format($$ insert into app.order_notes (order_id, monitor_comment) values (%L, 'self-approved') $$, :'o2'),
    '42501', null, 'a reader cannot write a monitor comment (app.order_work_guard)'
);
select throws_ok(
    format($$ update app.orders set status = 'in_progress', reader_id = %L where id = %L $$, tests.get_user_id('rob'), :'o2'),
    '42501', null, 'a reader cannot hand the order to someone else'
);
select results_eq(
    format($$ update app.orders set status = 'in_progress' where id = %L returning status::text $$, :'o2'),
    $$ values ('in_progress') $$,
    'the assigned reader starts directly (orders_update_authenticated)'
);
select tests.authenticate_as('mona');
select throws_ok(
    format($$ update app.order_results set output_text = 'better' where order_id = %L $$, :'o3'),
    '42501', null, 'a monitor cannot rewrite the result while approving (app.order_work_guard)'
);
select throws_ok(
    format($$ update app.orders set status = 'cancelled', cancel_reason = 'x' where id = %L $$, :'o4'),
    'ORDTR', null, 'a monitor cannot cancel orders'
);
select results_eq(
    format($$ update app.orders set status = 'approved' where id = %L returning status::text $$, :'o3'),
    $$ values ('approved') $$,
    'a monitor approves directly (orders_update_authenticated)'
);

select * from finish();
rollback;
