-- public.assist_knowledge_add: admins and superadmins add documents in their own name; the same
-- text again is the same document; other roles are refused.
begin;
select plan(9);

select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('carl', 'client');

select tests.authenticate_as('adam');
select is(
    (
        public.assist_knowledge_add(
            'The Star', 'en', 'notes', 'internal', 'The Star brings hope. It heals.',
            'test-model',
            '[{"text": "The Star brings hope.", "embedding": [1, 0]},
              {"text": "It heals.", "language": "en", "embedding": [0, 1]}]'
        ) - 'doc_id' - 'content_hash'
    ),
    '{"created": true, "chunks": 2}'::jsonb,
    'an admin adds a document with its chunks'
);
select is(
    (
        public.assist_knowledge_add(
            'Another title', 'en', 'elsewhere', 'internal', 'The Star brings hope. It heals.',
            'test-model', '[{"text": "x"}]'
        ) ->> 'created'
    ),
    'false',
    'the same text again is the existing document, and nothing is written'
);

reset role;
select results_eq(
    $$
        select d.title, d.added_by, count(c.id)::integer, max(c.embedding_model),
            max(c.embedding_dim), d.content_hash = encode(sha256(convert_to(
                'The Star brings hope. It heals.', 'UTF8'
            )), 'hex')
        from app.kb_docs as d inner join app.kb_chunks as c on c.doc_id = d.id
        group by d.id
    $$,
    $$ values ('The Star'::text, tests.get_user_id('adam'), 2, 'test-model'::text, 2, true) $$,
    'one document, in the admin''s name, its chunks carrying model and dimension, keyed by the '
    'sha256 of its text'
);

select tests.authenticate_as('sara');
select is(
    (
        public.assist_knowledge_add(
            'Sun', 'en', 'notes', 'internal', 'The Sun.', 'test-model',
            '[{"text": "The Sun."}]'
        ) ->> 'created'
    ),
    'true',
    'a superadmin adds too (a chunk may come without an embedding)'
);

select tests.authenticate_as('rita');
select throws_ok(
    $$
        select public.assist_knowledge_add(
            'x', 'en', 'x', 'x', 'reader text', 'm', '[{"text": "x"}]'
        )
    $$,
    '42501', null, 'a reader cannot add'
);

select tests.authenticate_as('mona');
select throws_ok(
    $$
        select public.assist_knowledge_add(
            'x', 'en', 'x', 'x', 'monitor text', 'm', '[{"text": "x"}]'
        )
    $$,
    '42501', null, 'a monitor cannot add'
);

select tests.authenticate_as('carl');
select throws_ok(
    $$
        select public.assist_knowledge_add(
            'x', 'en', 'x', 'x', 'client text', 'm', '[{"text": "x"}]'
        )
    $$,
    '42501', null, 'a client cannot add'
);

select tests.clear_authentication();
select throws_ok(
    $$
        select public.assist_knowledge_add(
            'x', 'en', 'x', 'x', 'anon text', 'm', '[{"text": "x"}]'
        )
    $$,
    '42501', null, 'anon cannot add'
);

reset role;
select is(
    (select count(*)::integer from app.kb_docs),
    2,
    'refused calls wrote nothing'
);

select * from finish();
rollback;
