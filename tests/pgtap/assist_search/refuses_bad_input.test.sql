-- public.assist_search refuses bad input with its codes, and spends nothing then.
begin;
select plan(13);

select tests.create_user('rita', 'reader');
select tests.authenticate_as('rita');

select throws_ok(
    $$ select public.assist_search('   ', null, null, null, 5) $$,
    'ASQRY', null, 'an empty query is ASQRY'
);
select throws_ok(
    format($$ select public.assist_search(%L, null, null, null, 5) $$, repeat('a', 1001)),
    'ASQRY', null, 'a query over 1000 characters is ASQRY'
);
select throws_ok(
    $$ select public.assist_search('tower', null, null, null, 0) $$,
    'ASKOR', null, 'k below 1 is ASKOR'
);
select throws_ok(
    $$ select public.assist_search('tower', null, null, null, 51) $$,
    'ASKOR', null, 'k above 50 is ASKOR'
);
select throws_ok(
    $$ select public.assist_search('tower', '[1, 0]', null, null, 5) $$,
    'ASVEC', null, 'an embedding without its model is ASVEC'
);
select throws_ok(
    format(
        $$ select public.assist_search('tower', %L::jsonb, 'test-model', null, 5) $$,
        (select jsonb_agg(0) from generate_series(1, 16001))
    ),
    'ASVSH', null, 'an embedding over 16000 dimensions is ASVSH, not a server error'
);
select throws_ok(
    $$ select public.assist_search('tower', '"[1, 0]"', 'test-model', null, 5) $$,
    'ASVSH', null, 'an embedding that is not a JSON array is ASVSH'
);
select throws_ok(
    $$ select public.assist_search('tower', '[1, "x"]', 'test-model', null, 5) $$,
    'ASVSH', null, 'an embedding with something other than numbers is ASVSH'
);
select throws_ok(
    $$ select public.assist_search('tower', '[]', 'test-model', null, 5) $$,
    'ASVSH', null, 'an empty embedding is ASVSH'
);
select is(
    tests.error_detail(
        $$ select public.assist_search('tower', '[1, "x"]', 'test-model', null, 5) $$
    ),
    '{"type": "array", "dimension": 2, "maximum": 16000}'::jsonb,
    'the refusal says what came and what is allowed'
);
select throws_ok(
    $$ select public.assist_search('tower', null, null, 'fr', 5) $$,
    'BADLG', null, 'a language other than ar and en is BADLG'
);

reset role;
select is_empty(
    $$ select 1 from app.rate_limit_buckets where action = 'search' $$,
    'refused searches spent no token'
);

select tests.authenticate_as('rita');
select is(
    jsonb_typeof(public.assist_search('tower', '[1, 0]', 'test-model', null, 5)),
    'array', 'an embedding of the right shape is searched with'
);

select * from finish();
rollback;
