-- app.kb_search: a short query finds a document by trigram similarity of its title, even
-- misspelt; its normalised title is derived by trigger.
begin;
select plan(3);

select tests.create_user('rita', 'reader');
select app.kb_add_document(
    'Ten of Swords (tarot card)', 'en', 'test', 'test', 'ten text', 'm',
    '[{"text": "Painful endings, betrayal, the worst is over."}]'
);
select app.kb_add_document(
    'برج العقرب', 'ar', 'test', 'test', 'scorpio text', 'm',
    '[{"text": "برج مائي، عميق المشاعر."}]'
);

select is(
    (
        select d.title_normalised from app.kb_docs as d
        where d.content_hash = app.kb_content_hash('ten text')
    ),
    'ten of swords (tarot card)',
    'the title is normalised by its trigger'
);

select tests.authenticate_as('rita');
select results_eq(
    $$
        select doc_title from app.kb_search('Tenn of Sword', null, null, null, 5)
        where trigram_similarity >= 0.6
    $$,
    $$ values ('Ten of Swords (tarot card)'::text) $$,
    'a misspelt card name finds its document by trigrams'
);
select results_eq(
    $$ select doc_title from app.kb_search('العقرب', null, null, null, 5) $$,
    $$ values ('برج العقرب'::text) $$,
    'an Arabic name finds its document'
);

select * from finish();
rollback;
