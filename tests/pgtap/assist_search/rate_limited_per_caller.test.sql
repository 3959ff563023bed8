-- public.assist_search spends the caller's own `search` budget (20 an hour by default).
begin;
select plan(4);

select tests.create_user('rita', 'reader');
select tests.create_user('ruth', 'reader');

select is(
    (select s.value from app.app_settings as s where s.key = 'rate_limit.search'),
    '{"capacity": 20, "refill_seconds": 3600}'::jsonb,
    'the default budget is 20 searches an hour'
);

select tests.authenticate_as('rita');
select lives_ok(
    $$ select public.assist_search('tower', null, null, null, 5) from generate_series(1, 20) $$,
    'a reader searches 20 times'
);
select throws_ok(
    $$ select public.assist_search('tower', null, null, null, 5) $$,
    'PT429', null, 'the 21st search within the hour is refused'
);

select tests.authenticate_as('ruth');
select lives_ok(
    $$ select public.assist_search('tower', null, null, null, 5) $$,
    'another reader still has their own budget'
);

select * from finish();
rollback;
