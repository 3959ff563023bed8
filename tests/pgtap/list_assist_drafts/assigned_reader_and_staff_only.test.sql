-- list_assist_drafts: an order's drafts, newest first, for its assigned reader and staff;
-- clients (its own included) are refused, another reader finds no such order.
begin;
select plan(9);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'in_progress', 'rita', 'test: o1') as o1 \gset
insert into app.assist_drafts (
    order_id, author_id, kind, model, prompt_version, chunk_ids, sample_confidences, confidence,
    text, language, created_at
)
values
(
    :'o1', tests.get_user_id('rita'), 'extractive', null, 'extractive-v1', '{3,1}', '{}', null,
    'First.', 'en', now() - interval '1 hour'
),
(
    :'o1', tests.get_user_id('rita'), 'llm', 'test-model', 'draft-v1', '{2}', '{12.5,9.25}', 12.5,
    'Second.', 'en', now()
);

select tests.clear_authentication();
select throws_ok(
    format($$ select public.list_assist_drafts(%L) $$, :'o1'),
    '42501', null, 'anon cannot list drafts'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.list_assist_drafts(%L) $$, :'o1'),
    '42501', null, 'the order''s client cannot list its drafts'
);
select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.list_assist_drafts(%L) $$, :'o1'),
    '42501', null, 'another client cannot list them'
);
select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.list_assist_drafts(%L) $$, :'o1'),
    'ORDNF', null, 'another reader finds no such order'
);

select tests.authenticate_as('rita');
select is(
    (
        select jsonb_agg(d ->> 'text')
        from jsonb_array_elements(public.list_assist_drafts(:'o1')) as d
    ),
    '["Second.", "First."]'::jsonb,
    'the assigned reader lists the order''s drafts, newest first'
);
select is(
    (public.list_assist_drafts(:'o1') -> 0) - 'id' - 'order_id' - 'author_id' - 'created_at',
    '{"kind": "llm", "model": "test-model", "prompt_version": "draft-v1", "chunk_ids": [2],
      "sample_confidences": [12.5, 9.25], "confidence": 12.5, "fallback_reason": null,
      "text": "Second.", "language": "en"}'::jsonb,
    'each draft carries its kind, model, prompt version, cited chunks and confidences'
);

select tests.authenticate_as('mona');
select is(
    jsonb_array_length(public.list_assist_drafts(:'o1')), 2, 'a monitor lists them'
);
select tests.authenticate_as('sara');
select is(
    jsonb_array_length(public.list_assist_drafts(:'o1')), 2, 'a superadmin lists them'
);
select throws_ok(
    $$ select public.list_assist_drafts(gen_random_uuid()) $$,
    'ORDNF', null, 'an unknown order is missing'
);

select * from finish();
rollback;
