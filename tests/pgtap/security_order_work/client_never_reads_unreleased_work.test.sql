-- Review of the order work split (app.order_results, app.order_notes): a client never reads a
-- result before delivery nor any note, by select, join, RPC, forged app.order_json row or
-- RETURNING, and cannot write either table nor use a transition name to widen what they may do.
-- All of these held at review time.
begin;
select plan(16);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_order_in_state('alice', 'new') as nw \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita') as ip \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita') as aw \gset
select tests.create_order_in_state('alice', 'rejected', 'rita') as rj \gset
select tests.create_order_in_state('alice', 'delivered', 'rita') as dl \gset

select tests.authenticate_as('alice');

select is_empty(
    format(
        $$ select 1 from app.order_results where order_id in (%L, %L) $$, :'aw', :'rj'
    ),
    'a client reads no result before delivery'
);
select results_eq(
    $$ select count(*)::integer from app.order_results $$,
    array[1],
    'a client reads exactly the result of their delivered order'
);
select is_empty(
    $$ select 1 from app.order_notes $$,
    'a client reads no note, not even of a delivered order'
);
select is_empty(
    format(
        $$ select 1 from app.orders as o
        inner join app.order_notes as n on n.order_id = o.id
        where o.id = %L $$,
        :'rj'
    ),
    'a join from their own order reaches no note'
);
select is(
    public.get_order(:'aw') ->> 'output_text', null,
    'get_order shows no result while the order awaits approval'
);
select ok(
    not (public.get_order(:'rj') ?| array['reader_note', 'monitor_comment', 'rejection_reason']),
    'get_order of a rejected order has no note fields'
);
select is_empty(
    $$ select 1 from jsonb_array_elements(public.list_orders() -> 'orders') as e
    where e ? 'rejection_reason' or e ? 'reader_note' or e ? 'monitor_comment'
    or (e ->> 'status' <> 'delivered' and e ->> 'output_text' is not null) $$,
    'list_orders shows no note and no undelivered result'
);
select is(
    app.order_json(
        jsonb_populate_record(
            null::app.orders,
            jsonb_build_object('id', :'rj', 'client_id', tests.get_user_id('rita'))
        )
    ) ->> 'rejection_reason',
    null,
    'a forged app.order_json row (another client_id) still reads no note'
);
select throws_ok(
    format(
        $$ insert into app.order_results (order_id, output_text) values (%L, 'x')
        on conflict (order_id) do update set output_text = 'x' returning output_text $$,
        :'aw'
    ),
    'ORDTR', null,
    'a client cannot upsert the result of their order (nor see it through RETURNING)'
);
select throws_ok(
    format($$ insert into app.order_results (order_id) values (%L) returning * $$, :'nw'),
    '42501', null,
    'a client cannot add even an empty result row to their new order'
);
select throws_ok(
    format(
        $$ insert into app.order_notes (order_id, reader_note) values (%L, 'x')
        on conflict (order_id) do update set reader_note = 'x' returning * $$,
        :'rj'
    ),
    'ORDTR', null,
    'a client cannot upsert the notes of their order'
);
select throws_ok(
    format($$ insert into app.order_notes (order_id, monitor_comment) values (%L, 'x') $$, :'nw'),
    '42501', null,
    'a client cannot write a monitor comment while their order is new'
);
select results_eq(
    format(
        $$ with u as (update app.order_notes set reader_note = 'x' where order_id = %L
        returning reader_note) select count(*)::integer from u $$,
        :'rj'
    ),
    array[0],
    'an update of the notes of their order touches (and returns) nothing'
);

select app.name_order_transition('submit');
select throws_ok(
    format($$ update app.orders set status = 'awaiting_approval' where id = %L $$, :'ip'),
    'ORDTR', null,
    'naming submit does not let a client submit'
);
select set_config('app.order_transition', 'approve', true);
select throws_ok(
    format($$ update app.orders set status = 'approved' where id = %L $$, :'aw'),
    'ORDTR', null,
    'setting the GUC to approve does not let a client approve'
);
select app.name_order_transition('start');
select throws_ok(
    format($$ update app.orders set status = 'cancelled' where id = %L $$, :'nw'),
    'ORDTR', null,
    'a name narrows: with start named, a client cannot even cancel'
);

select * from finish();
rollback;
