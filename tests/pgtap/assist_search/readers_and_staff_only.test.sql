-- public.assist_search: readers, monitors, admins and superadmins search; anon and clients
-- are refused (42501), a blocked reader gets USRBL.
begin;
select plan(7);

select tests.create_user('carl', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('bert', 'reader');
update app.profiles set is_blocked = true where id = tests.get_user_id('bert');
select app.kb_add_document(
    'The Tower', 'en', 'test', 'test', 'The Tower means sudden upheaval.', 'test-model',
    '[{"text": "The Tower means sudden upheaval.", "embedding": [1, 0, 0]}]'
);

select tests.clear_authentication();
select throws_ok(
    $$ select public.assist_search('tower', null, null, null, 5) $$,
    '42501', null, 'anon cannot search'
);

select tests.authenticate_as('carl');
select throws_ok(
    $$ select public.assist_search('tower', null, null, null, 5) $$,
    '42501', null, 'a client cannot search'
);

select tests.authenticate_as('bert');
select throws_ok(
    $$ select public.assist_search('tower', null, null, null, 5) $$,
    'USRBL', null, 'a blocked reader cannot search'
);

select tests.authenticate_as('rita');
select is(
    public.assist_search('tower', '[1, 0, 0]', 'test-model', null, 5) -> 0 ->> 'title',
    'The Tower', 'a reader finds the document'
);

select tests.authenticate_as('mona');
select is(
    pg_catalog.jsonb_array_length(public.assist_search('tower', null, null, null, 5)), 1,
    'a monitor searches'
);

select tests.authenticate_as('adam');
select is(
    pg_catalog.jsonb_array_length(public.assist_search('tower', null, null, null, 5)), 1,
    'an admin searches'
);

select tests.authenticate_as('rita');
select is(
    public.assist_search('upheaval', '[0.9, 0.1, 0]', 'test-model', 'en', 5) -> 0 -> 'scores'
    ?& array['rrf', 'vector', 'fts_arabic', 'fts_simple', 'trigram'],
    true,
    'a hit carries the score of every list'
);

select * from finish();
rollback;
