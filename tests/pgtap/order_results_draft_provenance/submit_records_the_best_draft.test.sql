-- order_results_draft_provenance: submitting a result records the order's draft its text
-- overlaps most and that overlap; monitors see it when they approve, the client never.
begin;
select plan(10);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');

select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o2') as o2 \gset

select tests.authenticate_as('rita');
insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
values (:'o1', 'extractive', 'extractive-v1', 'The Star brings hope and healing after loss.', 'en');
insert into app.assist_drafts (order_id, kind, prompt_version, text, language)
values (
    :'o1', 'extractive', 'extractive-v1',
    'The Tower speaks of sudden change. The Sun promises joy.', 'en'
)
returning id as d2 \gset

select throws_ok(
    format($$ update app.order_results set draft_overlap = 0 where order_id = %L $$, :'o1'),
    '42501', null, 'a reader cannot write the provenance of a result'
);

select is(
    public.submit_order_result(
        :'o1', 'The Tower speaks of sudden change. I see a calm summer ahead, my friend.'
    ) -> 'draft_id',
    to_jsonb(:'d2'::uuid),
    'the submitted result names the draft it overlaps most'
);
select is(
    (select draft_overlap from app.order_results where order_id = :'o1'),
    (6.0 / 14)::real,
    'and the share of its words that came from that draft'
);
select is(
    public.submit_order_result(:'o2', 'All my own words.') -> 'draft_overlap',
    'null'::jsonb,
    'a result of an order without drafts has no overlap'
);

select tests.authenticate_as('mona');
select is(
    (public.get_order(:'o1') ->> 'draft_overlap')::real,
    (6.0 / 14)::real,
    'the monitor sees the overlap on the order they judge'
);
select is(
    (
        select (o ->> 'draft_id')::uuid
        from jsonb_array_elements(public.list_orders('awaiting_approval') -> 'orders') as o
        where (o ->> 'id')::uuid = :'o1'
    ),
    :'d2'::uuid,
    'and in the list of orders awaiting approval'
);
select is(
    public.reject_order(:'o1', 'test: write it yourself') ->> 'status',
    'rejected', 'the monitor sends it back'
);

select tests.authenticate_as('rita');
select is(
    public.submit_order_result(:'o1', 'The Sun promises joy; all the cards agree.') ->> 'draft_overlap',
    '0.5',
    'a resubmission is measured again'
);
select tests.authenticate_as('mona');
select is(
    public.approve_order(:'o1') ->> 'status',
    'delivered', 'the monitor approves it'
);

select tests.authenticate_as('alice');
select ok(
    not (public.get_order(:'o1') ?| array['draft_id', 'draft_overlap']),
    'the client never sees where the text came from'
);

select * from finish();
rollback;
