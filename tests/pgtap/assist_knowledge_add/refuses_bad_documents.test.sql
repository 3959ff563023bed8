-- public.assist_knowledge_add refuses a document out of shape with KBBAD (detail names the
-- field) or BADLG, and writes nothing.
begin;
select plan(10);

select tests.create_user('adam', 'admin');
select tests.authenticate_as('adam');

select throws_ok(
    $$ select public.assist_knowledge_add('  ', 'en', 's', 'l', 't', 'm', '[{"text": "t"}]') $$,
    'KBBAD', null, 'a blank title is KBBAD'
);
select is(
    tests.error_detail(
        $$ select public.assist_knowledge_add('  ', 'en', 's', 'l', 't', 'm', '[{"text": "t"}]') $$
    ),
    '{"field": "title"}'::jsonb,
    'and its detail names the field'
);
select throws_ok(
    $$ select public.assist_knowledge_add('t', 'en', null, 'l', 't', 'm', '[{"text": "t"}]') $$,
    'KBBAD', null, 'a missing source is KBBAD'
);
select throws_ok(
    $$ select public.assist_knowledge_add('t', 'en', 's', '', 't', 'm', '[{"text": "t"}]') $$,
    'KBBAD', null, 'a missing licence is KBBAD'
);
select throws_ok(
    $$ select public.assist_knowledge_add('t', 'en', 's', 'l', 't', 'm', '[]') $$,
    'KBBAD', null, 'a document without chunks is KBBAD'
);
select is(
    tests.error_detail(
        $$
            select public.assist_knowledge_add(
                't', 'en', 's', 'l', 't', 'm', '[{"text": "ok"}, {"text": ""}]'
            )
        $$
    ),
    '{"field": "chunks[1]"}'::jsonb,
    'an empty chunk is KBBAD naming the chunk'
);
select throws_ok(
    $$
        select public.assist_knowledge_add(
            't', 'en', 's', 'l', 't', null, '[{"text": "ok", "embedding": [1, 2]}]'
        )
    $$,
    'KBBAD', null, 'an embedding without its model is KBBAD'
);
select throws_ok(
    $$
        select public.assist_knowledge_add(
            't', 'en', 's', 'l', 't', 'm', '[{"text": "ok", "embedding": [1, "x"]}]'
        )
    $$,
    'KBBAD', null, 'an embedding with a non-number is KBBAD'
);
select throws_ok(
    $$ select public.assist_knowledge_add('t', 'fr', 's', 'l', 't', 'm', '[{"text": "t"}]') $$,
    'BADLG', null, 'a language other than ar and en is BADLG'
);

reset role;
select is_empty($$ select 1 from app.kb_docs $$, 'nothing was written');

select * from finish();
rollback;
