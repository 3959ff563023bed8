-- app.rate_limit_parse, the one home of a usable rate-limit setting: capacity and refill_seconds
-- as positive JSON integers of at most nine digits, else both null. Taking tokens
-- (app.rate_limit_setting) and purging full buckets both ask it.
begin;
select plan(8);

select is(
    app.rate_limit_parse('{"capacity": 5, "refill_seconds": 60}')::text,
    '(5,60)', 'positive integers are usable'
);
select is(
    app.rate_limit_parse('{"capacity": "5", "refill_seconds": 60}')::text,
    '(,)', 'a string capacity is not'
);
select is(
    app.rate_limit_parse('{"capacity": 5, "refill_seconds": 0}')::text,
    '(,)', 'nor a zero refill period'
);
select is(
    app.rate_limit_parse('{"capacity": 1.5, "refill_seconds": 60}')::text,
    '(,)', 'nor a fraction'
);
select is(
    app.rate_limit_parse('{"capacity": 5, "refill_seconds": 1234567890}')::text,
    '(,)', 'nor ten digits'
);
select is(
    app.rate_limit_parse(null)::text,
    '(,)', 'nor a missing setting'
);

select is(
    (
        select pg_catalog.array_agg(p.proname::text order by p.proname)
        from pg_catalog.pg_proc as p
        where
            p.pronamespace = 'app'::regnamespace
            and p.prosrc ~ 'app\.rate_limit_parse\('
    ),
    array['purge_full_rate_limit_buckets', 'rate_limit_setting'],
    'taking tokens and the purge ask it'
);
select is(
    (
        select pg_catalog.array_agg(p.proname::text order by p.proname)
        from pg_catalog.pg_proc as p
        where
            p.pronamespace in ('app'::regnamespace, 'public'::regnamespace)
            and pg_catalog.strpos(p.prosrc, '[1-9][0-9]{0,8}') > 0
    ),
    array['rate_limit_parse'],
    'and no other function checks a setting''s numbers itself'
);

select * from finish();
rollback;
