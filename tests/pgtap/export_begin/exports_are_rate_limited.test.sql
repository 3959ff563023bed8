-- app.export_begin spends the caller's `exports` budget (rate_limit.exports, 10 an hour): an
-- export within it is recorded, the next one is refused with PT429 and records nothing; a
-- request refused for its input spends nothing; each admin has a budget of their own.
begin;
select plan(7);

select tests.create_user('adam', 'admin');
select tests.create_user('alba', 'admin');
update app.app_settings
set value = '{"capacity": 2, "refill_seconds": 3600}'
where key = 'rate_limit.exports';

select tests.authenticate_as('adam');
select throws_ok(
    $$ select app.export_begin(array['payments'], now() - interval '1 day', now()) $$,
    'EXPDS', null, 'an unknown dataset is refused'
);
select lives_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    'an export within the limit is recorded'
);
select lives_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    'the refused request spent nothing: the second export is still within the limit'
);
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    'PT429', null, 'the next export over the limit is refused'
);
select ok(
    (tests.error_detail(
        $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$
    ) ->> 'retry_after_seconds')::integer > 0,
    'the refusal says when to retry'
);

reset role;
select is(
    (select count(*)::integer from app.exports where requested_by = tests.get_user_id('adam')),
    2, 'the refused export recorded nothing'
);

select tests.authenticate_as('alba');
select lives_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    'another admin has a budget of their own'
);

select * from finish();
rollback;
