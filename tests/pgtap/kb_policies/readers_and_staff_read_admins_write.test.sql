-- app.kb_docs and app.kb_chunks: readers and staff read; clients and anon read nothing; only
-- admins insert, and only in their own name; nobody updates or deletes through the API.
begin;
select plan(10);

select tests.create_user('carl', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select app.kb_add_document(
    'doc', 'en', 'test', 'test', 'a text', 'm', '[{"text": "a text", "embedding": [1, 0]}]'
);

select tests.authenticate_as('rita');
select is((select count(*)::integer from app.kb_chunks), 1, 'a reader reads the chunks');
select is((select count(*)::integer from app.kb_docs), 1, 'and the documents');

select tests.authenticate_as('mona');
select is((select count(*)::integer from app.kb_chunks), 1, 'a monitor reads the chunks');

select tests.authenticate_as('carl');
select is_empty($$ select 1 from app.kb_docs $$, 'a client reads no document');
select is_empty($$ select 1 from app.kb_chunks $$, 'nor any chunk');

select tests.clear_authentication();
select throws_ok(
    $$ select 1 from app.kb_chunks $$, '42501', null, 'anon may not read chunks at all'
);

select tests.authenticate_as('rita');
select throws_ok(
    $$
        insert into app.kb_docs (title, language, source, licence, added_by, content_hash)
        values ('x', 'en', 's', 'l', auth.uid(), repeat('a', 64))
    $$,
    '42501', null, 'a reader cannot insert a document'
);

select tests.authenticate_as('adam');
select throws_ok(
    $$
        insert into app.kb_docs (title, language, source, licence, added_by, content_hash)
        values ('x', 'en', 's', 'l', tests.get_user_id('rita'), repeat('b', 64))
    $$,
    '42501', null, 'an admin cannot insert a document in someone else''s name'
);
select throws_ok(
    $$ update app.kb_chunks set text = 'changed' $$,
    '42501', null, 'nobody updates a chunk through the API'
);
select throws_ok(
    $$ delete from app.kb_docs $$,
    '42501', null, 'nobody deletes a document through the API'
);

select * from finish();
rollback;
