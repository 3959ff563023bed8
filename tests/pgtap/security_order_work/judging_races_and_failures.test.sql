-- Review of approve and reject in sequence and on failure: a second judgement of the same
-- order fails (ORDTR) and leaves the first one's notes as they were; an approval that fails
-- writes no monitor comment. (Two concurrent monitors serialise on app.lock_order; verified by
-- hand with two sessions at review time: the second gets ORDTR.) Held at review time.
begin;
select plan(7);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('mike', 'monitor');
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita') as a1 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita') as a2 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita') as ip \gset

select tests.authenticate_as('mona');
select is(
    public.approve_order(:'a1', 'approved by mona') ->> 'status', 'delivered',
    'mona approves and delivers'
);
select is(
    public.reject_order(:'a2', 'rejected by mona') ->> 'status', 'rejected',
    'mona rejects the other order'
);

select tests.authenticate_as('mike');
select throws_ok(
    format($$ select public.reject_order(%L, 'too late', 'mike''s comment') $$, :'a1'),
    'ORDTR', null, 'rejecting after an approval fails'
);
select throws_ok(
    format($$ select public.approve_order(%L, 'mike''s comment') $$, :'a2'),
    'ORDTR', null, 'approving after a rejection fails'
);
select throws_ok(
    format($$ select public.approve_order(%L, 'premature') $$, :'ip'),
    'ORDTR', null, 'approving an order still in progress fails'
);

select tests.authenticate_as('rita');
select results_eq(
    format(
        $$ select monitor_comment, rejection_reason from app.order_notes
        where order_id in (%L, %L) order by order_id = %L $$,
        :'a1', :'a2', :'a2'
    ),
    $$ values ('approved by mona'::text, null::text), (null, 'rejected by mona') $$,
    'the failed judgements changed neither order''s notes'
);
select is_empty(
    format($$ select 1 from app.order_notes where order_id = %L $$, :'ip'),
    'the failed approval wrote no comment'
);

select * from finish();
rollback;
