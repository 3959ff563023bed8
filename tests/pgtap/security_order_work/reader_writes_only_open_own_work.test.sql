-- Review of app.order_work_guard for readers: a reader writes the result and their note only
-- while their own order is in progress or rejected; never another reader's order (upsert
-- included), never after submission or delivery, never the monitor's columns; naming a
-- transition (app.name_order_transition or the GUC directly) only narrows. Held at review time.
begin;
select plan(14);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_order_in_state('alice', 'assigned', 'rita') as asg \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita') as ip \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita') as aw \gset
select tests.create_order_in_state('alice', 'rejected', 'rita') as rj \gset
select tests.create_order_in_state('alice', 'delivered', 'rita') as dl \gset
select tests.create_order_in_state('alice', 'in_progress', 'rob') as robs \gset

select tests.authenticate_as('rita');

select lives_ok(
    format(
        $$ insert into app.order_results (order_id, output_text) values (%L, 'draft')
        on conflict (order_id) do update set output_text = excluded.output_text $$,
        :'ip'
    ),
    'the assigned reader drafts the result of their order in progress'
);
select throws_ok(
    format(
        $$ insert into app.order_results (order_id, output_text) values (%L, 'x')
        on conflict (order_id) do update set output_text = 'x' returning * $$,
        :'robs'
    ),
    'ORDNF', null,
    'a reader cannot upsert the result of another reader''s order'
);
select throws_ok(
    format(
        $$ insert into app.order_notes (order_id, reader_note) values (%L, 'x')
        on conflict (order_id) do update set reader_note = 'x' returning * $$,
        :'robs'
    ),
    'ORDNF', null,
    'a reader cannot upsert the notes of another reader''s order'
);
select is_empty(
    format($$ select 1 from app.order_results where order_id = %L $$, :'robs'),
    'nor read them'
);
select throws_ok(
    format($$ update app.order_results set output_text = 'x' where order_id = %L $$, :'aw'),
    'ORDTR', null,
    'a reader cannot change the result after submitting it'
);
select throws_ok(
    format($$ update app.order_notes set reader_note = 'x' where order_id = %L $$, :'aw'),
    'ORDTR', null,
    'nor their note'
);
select throws_ok(
    format($$ update app.order_results set output_text = 'x' where order_id = %L $$, :'dl'),
    'ORDTR', null,
    'nor a delivered result'
);
select throws_ok(
    format(
        $$ insert into app.order_results (order_id, output_text) values (%L, 'x') $$, :'asg'
    ),
    '42501', null,
    'a reader writes no result before starting the order'
);
select throws_ok(
    format(
        $$ update app.order_notes set monitor_comment = 'ok', rejection_reason = null
        where order_id = %L $$,
        :'rj'
    ),
    '42501', null,
    'a reader cannot rewrite the monitor comment or clear the rejection reason'
);

select app.name_order_transition('start');
select throws_ok(
    format($$ update app.order_results set output_text = 'x' where order_id = %L $$, :'rj'),
    '42501', null,
    'naming start narrows: no result writes under it'
);
select app.name_order_transition('approve');
select throws_ok(
    format($$ update app.orders set status = 'approved' where id = %L $$, :'aw'),
    'ORDTR', null,
    'naming approve does not let a reader approve'
);
select set_config('app.order_transition', 'reject', true);
select throws_ok(
    format(
        $$ insert into app.order_notes (order_id, rejection_reason) values (%L, 'x')
        on conflict (order_id) do update set rejection_reason = 'x' $$,
        :'ip'
    ),
    'ORDTR', null,
    'setting the GUC to reject gives a reader no monitor column'
);
select app.name_order_transition(null);
select throws_ok(
    format(
        $$ update app.orders set reader_id = %L where id = %L $$,
        tests.get_user_id('rob'), :'ip'
    ),
    'ORDTR', null,
    'a reader cannot hand their order to another reader'
);
select throws_ok(
    format($$ update app.orders set status = 'awaiting_approval' where id = %L $$, :'asg'),
    'ORDTR', null,
    'a reader cannot skip start and submit'
);

select * from finish();
rollback;
