-- app.rate_limit_take_own spends the signed-in user's own bucket of a per-user action; other
-- actions are RLUNK, anon and callers without a user id get 42501.
begin;
select plan(8);

select tests.create_user('alice', 'client');
update app.app_settings
set value = '{"capacity": 2, "refill_seconds": 3600}'
where key = 'rate_limit.search';

select tests.authenticate_as('alice');
select lives_ok(
    $$ select app.rate_limit_take_own('search') $$,
    'a user spends a token of their own search budget'
);
select lives_ok(
    $$ select app.rate_limit_take_own('search') $$,
    'and the next one'
);
select throws_ok(
    $$ select app.rate_limit_take_own('search') $$,
    'PT429', null, 'then the user''s own budget is empty'
);
select throws_ok(
    $$ select app.rate_limit_take_own('phone_verify_check') $$,
    'RLUNK', null, 'phone verification budgets are not per-user actions of this wrapper'
);
select throws_ok(
    $$ select app.rate_limit_take_own(null) $$,
    'RLUNK', null, 'a null action is RLUNK'
);

reset role;
select results_eq(
    $$ select b.action, b.subject from app.rate_limit_buckets as b $$,
    $$ values ('search'::text, tests.get_user_id('alice')::text) $$,
    'the only bucket is the caller''s own, keyed by their user id'
);

set local role authenticated;
select set_config('request.jwt.claims', '{"role": "authenticated"}', true);
select throws_ok(
    $$ select app.rate_limit_take_own('search') $$,
    '42501', null, 'a caller without a user id is refused'
);

select tests.clear_authentication();
select throws_ok(
    $$ select app.rate_limit_take_own('search') $$,
    '42501', null, 'anon may not call it'
);

select * from finish();
rollback;
