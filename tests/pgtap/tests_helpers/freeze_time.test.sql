-- tests.freeze_time stops app.now() at a given instant for the rest of the transaction, from any
-- role, without changing the function's shape; tests.unfreeze_time puts the running clock back.
begin;
select plan(12);

select p.prosrc as running_body from pg_catalog.pg_proc as p
where p.oid = 'app.now()'::regprocedure \gset

select tests.freeze_time('2030-01-02 03:04:05.678901+00');
select is(app.now(), '2030-01-02 03:04:05.678901+00'::timestamptz, 'app.now() returns the frozen instant');
select pg_catalog.pg_sleep(0.01);
select is(app.now(), '2030-01-02 03:04:05.678901+00'::timestamptz, 'and does not move');
select isnt(pg_catalog.now(), app.now(), 'row stamps (now()) keep the real clock');
select ok(
    (
        select
            p.provolatile = 'v'
            and not p.prosecdef
            and p.proconfig = array['search_path=""']
            and pg_catalog.pg_get_userbyid(p.proowner) = 'postgres'
        from pg_catalog.pg_proc as p where p.oid = 'app.now()'::regprocedure
    ),
    'the frozen app.now() keeps its volatility, security, search_path and owner'
);
select ok(
    not has_function_privilege('anon', 'app.now()', 'execute')
    and has_function_privilege('authenticated', 'app.now()', 'execute')
    and has_function_privilege('service_role', 'app.now()', 'execute'),
    'and its grants'
);

select tests.create_user('hana', 'client');
select tests.authenticate_as('hana');
select is(app.now(), '2030-01-02 03:04:05.678901+00'::timestamptz, 'a signed-in user sees the frozen clock');
select tests.freeze_time('2030-01-02 05:00:00+02');
select results_eq(
    $$ select app.now(), current_user::text collate "default", auth.uid() $$,
    $$ select '2030-01-02 03:00:00+00'::timestamptz, 'authenticated', tests.get_user_id('hana') $$,
    'the clock can be moved after authenticate_as, which stays in force'
);
select throws_ok(
    $$ select tests.freeze_time(null) $$, 'TSTTM', null, 'a null instant raises'
);
select throws_ok(
    $$ select tests.freeze_time('infinity') $$, 'TSTTM', null, 'an infinite instant raises'
);

select tests.unfreeze_time();
select ok(
    app.now() >= pg_catalog.now() and app.now() < '2030-01-01 00:00:00+00'::timestamptz,
    'after unfreeze_time app.now() reads the real clock'
);
reset role;
select is(
    (select p.prosrc from pg_catalog.pg_proc as p where p.oid = 'app.now()'::regprocedure),
    :'running_body',
    'unfreeze_time restores the body sql/app/now.sql installed'
);
select app.now() as restored_before \gset
select pg_catalog.pg_sleep(0.01);
select cmp_ok(app.now(), '>', :'restored_before'::timestamptz, 'the restored clock runs');

select * from finish();
rollback;
