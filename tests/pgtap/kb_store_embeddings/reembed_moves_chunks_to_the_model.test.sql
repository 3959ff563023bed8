-- app.kb_chunks_to_embed lists the chunks without a vector of the configured model;
-- app.kb_store_embeddings writes their new vectors with model and dimension; search sees
-- only the model it is asked about. Both are the platform's: API roles may not call them.
begin;
select plan(13);

select tests.create_user('rita', 'reader');
select tests.create_user('ada', 'admin');
select app.kb_add_document(
    'old model', 'en', 'test', 'test', 'old text', 'old-model',
    '[{"text": "The Star brings hope.", "embedding": [1, 0, 0]},
      {"text": "The Moon brings dreams.", "embedding": [0, 1, 0]}]'
);
select app.kb_add_document(
    'no vector', 'en', 'test', 'test', 'bare text', null,
    '[{"text": "The Sun brings joy."}]'
);
select app.kb_add_document(
    'new model', 'en', 'test', 'test', 'new text', 'new-model',
    '[{"text": "The World completes.", "embedding": [0, 1]}]'
);
create temporary table ids on commit drop as
select c.id, c.text from app.kb_chunks as c order by c.id;

select results_eq(
    $$ select chunk_text from app.kb_chunks_to_embed('new-model', 2) $$,
    $$ values ('The Star brings hope.'::text), ('The Moon brings dreams.'), ('The Sun brings joy.') $$,
    'chunks of another model and chunks without a vector are to be embedded, oldest first'
);
select results_eq(
    $$ select chunk_text from app.kb_chunks_to_embed('new-model', 3) $$,
    $$ values ('The Star brings hope.'::text), ('The Moon brings dreams.'),
       ('The Sun brings joy.'), ('The World completes.') $$,
    'the same model with another dimension is another model'
);
select is(
    (select count(*)::integer from app.kb_chunks_to_embed('new-model', 2, 1)),
    1,
    'the limit gives one batch'
);

select is(
    app.kb_store_embeddings(
        'new-model',
        pg_catalog.jsonb_build_array(
            pg_catalog.jsonb_build_object(
                'id', (select i.id from ids as i where i.text = 'The Star brings hope.'),
                'embedding', '[1, 0]'::jsonb
            )
        )
    ),
    1,
    'a batch is written and counted'
);
select results_eq(
    $$
        select c.embedding_model, c.embedding_dim, c.embedding::text, c.text_normalised
        from app.kb_chunks as c where c.text = 'The Star brings hope.'
    $$,
    $$ values ('new-model'::text, 2, '[1,0]'::text, 'the star brings hope.'::text) $$,
    'the vector is stored with its model and dimension; the text columns stay'
);
select results_eq(
    $$ select chunk_text from app.kb_chunks_to_embed('new-model', 2) $$,
    $$ values ('The Moon brings dreams.'::text), ('The Sun brings joy.') $$,
    'a re-embedded chunk is done: the next run resumes with the rest'
);

select throws_ok(
    $$ select app.kb_store_embeddings('new-model', '[{"id": 1, "embedding": [1, 0]},
       {"id": 2, "embedding": [1, 0, 0]}]') $$,
    'KBBAD', null, 'a batch of mixed dimensions is refused'
);
select throws_ok(
    $$ select app.kb_store_embeddings(' ', '[]') $$,
    'KBBAD', null, 'a batch without its model is refused'
);
select throws_ok(
    $$ select * from app.kb_chunks_to_embed('new-model', 0) $$,
    'KBBAD', null, 'a dimension outside 1..16000 is refused'
);

select tests.authenticate_as('rita');
select results_eq(
    $$
        select doc_title from app.kb_search('xyzzy', '[1, 0]', 'new-model', null, 10)
        where vector_similarity is not null order by vector_similarity desc
    $$,
    $$ values ('old model'::text), ('new model'::text) $$,
    'mid-way, the new model''s search compares only the chunks it has embedded'
);
select results_eq(
    $$
        select doc_title from app.kb_search('xyzzy', '[0, 1, 0]', 'old-model', null, 10)
        where vector_similarity is not null
    $$,
    $$ values ('old model'::text) $$,
    'and the old model''s search only its own remaining vector'
);
select tests.authenticate_as('ada');
select throws_ok(
    $$ select app.kb_store_embeddings('new-model', '[]') $$,
    '42501', null, 'not even an admin may write vectors through the API'
);
select throws_ok(
    $$ select * from app.kb_chunks_to_embed('new-model', 2) $$,
    '42501', null, 'nor list the chunks to embed'
);

select * from finish();
rollback;
