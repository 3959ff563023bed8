-- app.assist_search_begin: what the assist_search function asks before it embeds a query. A
-- refused caller, a bad query and a caller over their limit are refused there; an admitted
-- search spends one token, and public.assist_search spends exactly one too.
begin;
select plan(8);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');

select tests.authenticate_as('alice');
select throws_ok(
    $$ select app.assist_search_begin('tower', null, 5) $$,
    '42501', null, 'a client is refused before anything is embedded'
);

select tests.authenticate_as('rita');
select throws_ok(
    $$ select app.assist_search_begin(repeat('x', 1001), null, 5) $$,
    'ASQRY', null, 'an over-long query is refused before it is embedded'
);
select throws_ok(
    $$ select app.assist_search_begin('tower', null, 0) $$,
    'ASKOR', null, 'k of 0 is refused before the query is embedded'
);
select throws_ok(
    $$ select app.assist_search_begin('tower', 'fr', 5) $$,
    'BADLG', null, 'an unknown language is refused before the query is embedded'
);
select lives_ok(
    $$ select app.assist_search_begin('tower', 'en', 5) $$,
    'a reader''s good search is admitted'
);
select lives_ok(
    $$ select public.assist_search('tower', null, null, null, 5) $$,
    'the RPC searches'
);
reset role;
select is(
    (
        select b.tokens::integer from app.rate_limit_buckets as b
        where b.action = 'search' and b.subject = tests.get_user_id('rita')::text
    ),
    18,
    'the admitted search and the RPC spent one token each'
);
update app.rate_limit_buckets set tokens = 0
where action = 'search' and subject = tests.get_user_id('rita')::text;
select tests.authenticate_as('rita');
select throws_ok(
    $$ select app.assist_search_begin('tower', null, 5) $$,
    'PT429', null, 'a reader over their limit is refused before anything is embedded'
);

select * from finish();
rollback;
