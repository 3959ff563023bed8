-- A bucket starts full, admits exactly its capacity and then raises PT429 with the wait in
-- detail and a hint; buckets are per (action, subject).
begin;
select plan(9);

insert into app.app_settings (key, value)
values ('rate_limit.test_action', '{"capacity": 3, "refill_seconds": 3600}');

select tests.create_user('alice', 'client');
-- the service role: signed-in users may not call the limiter (see app.rate_limit_take_own)
select tests.authenticate_as_service_role();

select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'the first call is admitted'
);
select lives_ok(
    $$ select app.rate_limit_take('test_action', 'alice', 2) $$,
    'a call costing the rest of the budget is admitted'
);
select throws_ok(
    $$ select app.rate_limit_take('test_action', 'alice') $$,
    'PT429', null, 'the call after the budget is spent raises PT429'
);

create function pg_temp.error_fields(p_sql text) returns text[]
language plpgsql
as $$
declare
    v_state text;
    v_detail text;
    v_hint text;
begin
    execute p_sql;
    return null;
exception when others then
    get stacked diagnostics
        v_state = returned_sqlstate, v_detail = pg_exception_detail, v_hint = pg_exception_hint;
    return array[v_state, v_detail, v_hint];
end;
$$;

select ok(
    (
        (pg_temp.error_fields($$ select app.rate_limit_take('test_action', 'alice') $$))[2]::jsonb
        ->> 'retry_after_seconds'
    )::integer between 1 and 1200,
    'detail is {"retry_after_seconds": N}, the wait (about 1200 for one token of 3 per hour)'
);
select matches(
    (pg_temp.error_fields($$ select app.rate_limit_take('test_action', 'alice') $$))[3],
    '^Try again in [0-9]+ seconds',
    'the hint tells when to try again'
);
select lives_ok(
    $$ select app.rate_limit_take('test_action', 'bob') $$,
    'another subject has a bucket of its own'
);

select tests.authenticate_as('alice');

select throws_ok(
    $$ select app.rate_limit_take('test_action', 'bob') $$,
    '42501', null, 'a signed-in user may not call the limiter with a subject of their choice'
);

reset role;

select results_eq(
    $$
        select b.subject, floor(b.tokens)
        from app.rate_limit_buckets as b
        where b.action = 'test_action'
        order by b.subject
    $$,
    $$ values ('alice'::text, 0::numeric), ('bob', 2) $$,
    'the buckets hold what is left (refill over milliseconds is below a token)'
);

select tests.clear_authentication();

select throws_ok(
    $$ select app.rate_limit_take('test_action', 'carol') $$,
    '42501', null, 'anon may not call the limiter'
);

select * from finish();
rollback;
