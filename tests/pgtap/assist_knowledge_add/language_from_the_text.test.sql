-- A document added without a language takes its text's, and each chunk without one its own
-- text's; both come from app.text_language, the one home of that guess (more Arabic than Latin
-- letters is 'ar', anything else 'en'). A language given wins over the text.
begin;
select plan(7);

select is(app.text_language('بطاقة البرج The Tower'), 'ar', 'more Arabic letters is Arabic');
select is(app.text_language('The Tower card برج'), 'en', 'more Latin letters is English');
select is(app.text_language('12345'), 'en', 'a text without letters is English');

select tests.create_user('adam', 'admin');
select tests.authenticate_as('adam');
select public.assist_knowledge_add(
    'البرج', null, 'notes', 'internal', 'برج الحمل ناري جدا. The Tower falls.', 'm',
    '[{"text": "برج الحمل ناري جدا."}, {"text": "The Tower falls."}, {"text": "x", "language": "ar"}]'
);
select is(
    (select d.language from app.kb_docs as d where d.title = 'البرج'),
    'ar', 'a document without a language takes its text''s'
);
select results_eq(
    $$
        select c.language from app.kb_chunks as c
        inner join app.kb_docs as d on c.doc_id = d.id
        where d.title = 'البرج' order by c.position
    $$,
    $$ values ('ar'), ('en'), ('ar') $$,
    'each chunk without a language takes its own text''s; a chunk''s own language wins'
);

select public.assist_knowledge_add(
    'Given', 'en', 'notes', 'internal', 'برج الحمل ناري.', 'm', '[{"text": "برج الحمل ناري."}]'
);
select is(
    (select d.language from app.kb_docs as d where d.title = 'Given'),
    'en', 'a language given wins over the text'
);
select is(
    (
        select c.language from app.kb_chunks as c
        inner join app.kb_docs as d on c.doc_id = d.id
        where d.title = 'Given'
    ),
    'en', 'and is every chunk''s without its own'
);

select * from finish();
rollback;
