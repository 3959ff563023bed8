-- public.assist_knowledge_add spends the caller's `knowledge_add` budget
-- (rate_limit.knowledge_add, 30 an hour) through app.kb_add_begin, which the
-- assist_knowledge_add function calls before it embeds anything: within it a document is
-- added, over it PT429 and nothing is written; the role is checked before any token is spent.
begin;
select plan(7);

select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_user('rita', 'reader');
update app.app_settings
set value = '{"capacity": 2, "refill_seconds": 3600}'
where key = 'rate_limit.knowledge_add';

select tests.authenticate_as('adam');
select lives_ok(
    $$ select app.kb_add_begin() $$,
    'the function''s first step is within the limit'
);
select is(
    (
        public.assist_knowledge_add(
            'The Star', 'en', 'notes', 'internal', 'The Star brings hope.', 'test-model',
            '[{"text": "The Star brings hope.", "embedding": [1, 0]}]'
        ) ->> 'created'
    ),
    'true',
    'an addition within the limit is written'
);
select throws_ok(
    $$
        select public.assist_knowledge_add(
            'The Moon', 'en', 'notes', 'internal', 'The Moon hides things.', 'test-model',
            '[{"text": "The Moon hides things.", "embedding": [0, 1]}]'
        )
    $$,
    'PT429', null, 'the next addition over the limit is refused'
);
select throws_ok(
    $$ select app.kb_add_begin() $$,
    'PT429', null, 'and so is the function''s first step, before it embeds anything'
);
reset role;
select is(
    (select count(*)::integer from app.kb_docs where title = 'The Moon'),
    0, 'the refused addition wrote nothing'
);

select tests.authenticate_as('rita');
select throws_ok(
    $$ select app.kb_add_begin() $$,
    '42501', null, 'a reader is refused for the role, not the limit'
);
select tests.authenticate_as('sara');
select lives_ok(
    $$ select app.kb_add_begin() $$,
    'a superadmin has a budget of their own'
);

select * from finish();
rollback;
