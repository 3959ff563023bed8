-- app.kb_search compares a query embedding only with chunks of the same model and dimension,
-- fuses the vector, full-text and trigram lists, and filters by language.
begin;
select plan(6);

select tests.create_user('rita', 'reader');
select app.kb_add_document(
    'model a', 'en', 'test', 'test', 'alpha text', 'model-a',
    '[{"text": "The Star brings hope.", "embedding": [1, 0, 0]}]'
);
select app.kb_add_document(
    'model b', 'en', 'test', 'test', 'beta text', 'model-b',
    '[{"text": "The Moon brings dreams.", "embedding": [1, 0, 0]}]'
);
select app.kb_add_document(
    'model a, arabic', 'ar', 'test', 'test', 'gamma text', 'model-a',
    '[{"text": "بطاقة الشمس تعني النجاح.", "embedding": [0, 1, 0]}]'
);
select app.kb_add_document(
    'model a, 2-d', 'en', 'test', 'test', 'delta text', 'model-a',
    '[{"text": "The Sun brings joy.", "embedding": [1, 0]}]'
);

select tests.authenticate_as('rita');
select results_eq(
    $$
        select doc_title from app.kb_search('xyzzy', '[1, 0, 0]', 'model-a', null, 10)
        where vector_similarity is not null order by vector_similarity desc
    $$,
    $$ values ('model a'::text), ('model a, arabic'::text) $$,
    'the vector list holds only chunks of the query''s model and dimension'
);
select is(
    (
        select vector_similarity from app.kb_search('xyzzy', '[1, 0, 0]', 'model-b', null, 10)
        where doc_title = 'model b'
    ),
    1::double precision,
    'with the other model the other chunk is found, by cosine similarity'
);
select results_eq(
    $$ select doc_title from app.kb_search('النجاح', null, null, null, 10) $$,
    $$ values ('model a, arabic'::text) $$,
    'without an embedding the text lists still find a chunk'
);
select ok(
    (
        select fts_arabic_rank > 0 and fts_simple_rank > 0 and rrf_score > 0
        from app.kb_search('النجاح', null, null, null, 10)
    ),
    'a full-text hit scores in both configurations and in the fusion'
);
select results_eq(
    $$ select doc_title from app.kb_search('xyzzy', '[1, 0, 0]', 'model-a', 'ar', 10) $$,
    $$ values ('model a, arabic'::text) $$,
    'a language filter keeps only chunks of that language'
);
select is(
    (
        select count(*)::integer from app.kb_search('brings', '[1, 0, 0]', 'model-a', null, 1)
    ),
    1,
    'k bounds the hits'
);

select * from finish();
rollback;
