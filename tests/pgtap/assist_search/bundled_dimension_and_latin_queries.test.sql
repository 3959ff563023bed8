-- app.kb_search with vectors of the bundled model's 512 dimensions (its static statement):
-- one walk per language merged by distance, never another model's vectors, the language
-- filter; and its full-text lists: a query of Latin letters scores the same in both
-- configurations, a number also finds the chunk that writes it in Arabic-Indic digits.
begin;
select plan(6);

select tests.create_user('rita', 'reader');
-- a 512-dimension vector pointing along axis `a`, bent a little toward axis `b`
create function pg_temp.axis(a integer, b integer, bend numeric) returns jsonb
language sql as $$
    select pg_catalog.jsonb_agg(
        case when i = a then 1 when i = b then bend else 0 end order by i
    )
    from pg_catalog.generate_series(1, 512) as i
$$;
select app.kb_add_document(
    'english near', 'en', 'test', 'test', 'english near text', 'model-a',
    pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
        'text', 'The Star brings hope.', 'embedding', pg_temp.axis(1, 2, 0.1)
    ))
);
select app.kb_add_document(
    'arabic far', 'ar', 'test', 'test', 'arabic far text', 'model-a',
    pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
        'text', 'البطاقة رقم ١٢ تعني الأمل.', 'embedding', pg_temp.axis(1, 2, 0.5)
    ))
);
select app.kb_add_document(
    'other model', 'en', 'test', 'test', 'other model text', 'model-b',
    pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
        'text', 'The Moon brings dreams.', 'embedding', pg_temp.axis(1, 2, 0)
    ))
);

select tests.authenticate_as('rita');
select results_eq(
    format(
        $$
            select doc_title from app.kb_search('xyzzy', %L, 'model-a', null, 10)
            where vector_similarity is not null order by rrf_score desc
        $$,
        pg_temp.axis(1, 2, 0)::text
    ),
    $$ values ('english near'::text), ('arabic far'::text) $$,
    'both languages are walked and merged by distance, only the query''s model'
);
select results_eq(
    format(
        $$ select doc_title from app.kb_search('xyzzy', %L, 'model-a', 'ar', 10) $$,
        pg_temp.axis(1, 2, 0)::text
    ),
    $$ values ('arabic far'::text) $$,
    'a language filter walks only that language'
);
select is(
    (
        select pg_catalog.round(h.vector_similarity::numeric, 4)
        from app.kb_search('xyzzy', pg_temp.axis(1, 2, 0)::text::extensions.vector, 'model-b')
            as h
    ),
    1.0000,
    'the other model''s chunk is found by its own vector only'
);
select ok(
    (
        select h.fts_arabic_rank = h.fts_simple_rank and h.fts_simple_rank > 0
        from app.kb_search('star hope', null, null) as h
    ),
    'a query of Latin letters ranks the same in both configurations'
);
select ok(
    (
        select h.fts_arabic_rank > 0 and h.fts_simple_rank is null
        from app.kb_search('12', null, null) as h
    ),
    'a number finds Arabic-Indic digits through the arabic configuration only'
);
select is(
    (select count(*)::integer from app.kb_search('brings', null, null, 'ar')),
    0,
    'the text lists keep the language filter'
);

select * from finish();
rollback;
