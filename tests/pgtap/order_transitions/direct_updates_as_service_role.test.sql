-- The orders_10 trigger holds for the service role and postgres too: every legal transition
-- passes by direct update (and is stamped), illegal ones fail with ORDTR; orders start as new.
begin;
select plan(22);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');

insert into app.orders (client_id, service_code, question, is_gold)
values (tests.get_user_id('alice'), 'tarot', 'test: gold path', true)
returning id as gold_order \gset
select tests.create_order_in_state('alice', 'new', null, 'test: cancel path') as cancel_order \gset

select tests.authenticate_as_service_role();

select throws_ok(
    format($$ update app.orders set status = 'in_progress' where id = %L $$, :'gold_order'),
    'ORDTR', null, 'the service role cannot skip from new to in_progress'
);
select throws_ok(
    format($$ update app.orders set status = 'delivered' where id = %L $$, :'gold_order'),
    'ORDTR', null, 'the service role cannot deliver a new order'
);
select lives_ok(
    format(
        $$ update app.orders set status = 'assigned', reader_id = %L where id = %L $$,
        tests.get_user_id('rita'), :'gold_order'
    ),
    'new -> assigned'
);
select lives_ok(
    format($$ update app.orders set status = 'in_progress' where id = %L $$, :'gold_order'),
    'assigned -> in_progress'
);
select throws_ok(
    format($$ update app.orders set status = 'new' where id = %L $$, :'gold_order'),
    'ORDTR', null, 'in_progress cannot go back to new'
);
select lives_ok(
    format(
        $$ update app.orders set status = 'assigned', reader_id = %L where id = %L $$,
        tests.get_user_id('rita'), :'gold_order'
    ),
    'in_progress -> assigned (reassignment)'
);
select lives_ok(
    format($$ update app.orders set status = 'in_progress' where id = %L $$, :'gold_order'),
    'assigned -> in_progress again'
);
insert into app.order_results (order_id, output_text) values (:'gold_order', 'r1');
select lives_ok(
    format($$ update app.orders set status = 'awaiting_approval' where id = %L $$, :'gold_order'),
    'in_progress -> awaiting_approval'
);
select throws_ok(
    format($$ update app.orders set status = 'delivered' where id = %L $$, :'gold_order'),
    'ORDTR', null, 'awaiting_approval cannot skip approval'
);
insert into app.order_notes (order_id, rejection_reason) values (:'gold_order', 'no');
select lives_ok(
    format($$ update app.orders set status = 'rejected' where id = %L $$, :'gold_order'),
    'awaiting_approval -> rejected'
);
update app.order_results set output_text = 'r2' where order_id = :'gold_order';
select lives_ok(
    format($$ update app.orders set status = 'awaiting_approval' where id = %L $$, :'gold_order'),
    'rejected -> awaiting_approval (resubmission)'
);
select lives_ok(
    format($$ update app.orders set status = 'approved' where id = %L $$, :'gold_order'),
    'awaiting_approval -> approved'
);
select lives_ok(
    format($$ update app.orders set status = 'delivered' where id = %L $$, :'gold_order'),
    'approved -> delivered: a gold order completes like any other'
);
select throws_ok(
    format($$ update app.orders set status = 'cancelled' where id = %L $$, :'gold_order'),
    'ORDTR', null, 'a delivered order stays delivered'
);

select lives_ok(
    format($$ update app.orders set status = 'cancelled' where id = %L $$, :'cancel_order'),
    'new -> cancelled'
);
select throws_ok(
    format($$ update app.orders set status = 'new' where id = %L $$, :'cancel_order'),
    'ORDTR', null, 'a cancelled order stays cancelled'
);

reset role;

select throws_ok(
    format($$ update app.orders set status = 'assigned' where id = %L $$, :'cancel_order'),
    'ORDTR', null, 'postgres is held to the transitions too'
);
select throws_ok(
    format(
        $$
            insert into app.orders (client_id, service_code, question, status)
            values (%L, 'tarot', 'born delivered', 'delivered')
        $$,
        tests.get_user_id('alice')
    ),
    'ORDTR', null, 'an order cannot be created in another state than new'
);
select throws_ok(
    format(
        $$ update app.orders set status = 'assigned', reader_id = null where id = %L $$,
        :'gold_order'
    ),
    'ORDTR', null, 'the transition check runs before the data constraints'
);

select ok(
    (
        select
            o.assigned_at is not null and o.started_at is not null and o.submitted_at is not null
            and o.approved_at is not null and o.rejected_at is not null
            and o.delivered_at is not null and o.status_changed_at is not null
        from app.orders as o
        where o.id = :'gold_order'
    ),
    'every state entered is stamped'
);
select ok(
    (select o.cancelled_at is not null from app.orders as o where o.id = :'cancel_order'),
    'the cancellation is stamped'
);
select is(
    (
        select count(*)::integer from app.audit_log as a
        where a.entity_type = 'order' and a.entity_id = :'gold_order'
    ),
    10,
    'each change of the gold order wrote one audit row (created plus nine transitions)'
);

select * from finish();
rollback;
