-- public.assist_search refuses bad input with its codes, and spends nothing then.
begin;
select plan(7);

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
    $$ select public.assist_search('tower', null, null, 'fr', 5) $$,
    'BADLG', null, 'a language other than ar and en is BADLG'
);

reset role;
select is_empty(
    $$ select 1 from app.rate_limit_buckets where action = 'search' $$,
    'refused searches spent no token'
);

select * from finish();
rollback;
