-- set_rate_limit: admins and superadmins change an existing limit (validated, who is recorded);
-- everyone else gets 42501 and nothing changes.
begin;
select plan(15);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.clear_authentication();
select throws_ok(
    $$ select * from public.set_rate_limit('search', 1, 60) $$,
    '42501', null, 'anon may not change a rate limit'
);

select tests.authenticate_as('alice');
select throws_ok(
    $$ select * from public.set_rate_limit('search', 1000, 60) $$,
    '42501', null, 'a client may not change a rate limit'
);
select throws_ok(
    $$ select app.write_rate_limit_setting('search', 1000, 60) $$,
    '42501', null, 'a client may not use the definer helper either'
);

select tests.authenticate_as('rita');
select throws_ok(
    $$ select * from public.set_rate_limit('search', 1000, 60) $$,
    '42501', null, 'a reader may not change a rate limit'
);

select tests.authenticate_as('mona');
select throws_ok(
    $$ select * from public.set_rate_limit('search', 1000, 60) $$,
    '42501', null, 'a monitor may not change a rate limit'
);

reset role;
select is(
    (select s.value from app.app_settings as s where s.key = 'rate_limit.search'),
    '{"capacity": 20, "refill_seconds": 3600}'::jsonb,
    'the denied calls changed nothing'
);

select tests.authenticate_as('adam');
select results_eq(
    $$ select * from public.set_rate_limit('search', 30, 1800) $$,
    $$ values ('search'::text, 30, 1800) $$,
    'an admin changes a limit and gets it back'
);

reset role;
select is(
    (select s.updated_by from app.app_settings as s where s.key = 'rate_limit.search'),
    tests.get_user_id('adam'),
    'the setting records who changed it'
);
select results_eq(
    $$
        select a.actor_id, a.old_data -> 'value', a.new_data -> 'value'
        from app.audit_log as a
        where
            a.entity_type = 'setting' and a.entity_id = 'rate_limit.search'
            and a.event = 'settings.changed'
    $$,
    $$
        values (
            tests.get_user_id('adam'),
            '{"capacity": 20, "refill_seconds": 3600}'::jsonb,
            '{"capacity": 30, "refill_seconds": 1800}'::jsonb
        )
    $$,
    'the change is audited with its author (the app_settings audit trigger)'
);

select tests.authenticate_as('sara');
select results_eq(
    $$ select * from public.set_rate_limit('search', 2, 60) $$,
    $$ values ('search'::text, 2, 60) $$,
    'a superadmin changes a limit'
);
select throws_ok(
    $$ select * from public.set_rate_limit('search', 0, 60) $$,
    'RLBAD', null, 'a zero capacity is refused'
);
select throws_ok(
    $$ select * from public.set_rate_limit('search', 5, null) $$,
    'RLBAD', null, 'a missing refill period is refused'
);
select throws_ok(
    $$ select * from public.set_rate_limit('no_such_action', 5, 60) $$,
    'RLUNK', null, 'an unknown action is refused'
);

reset role;
select app.rate_limit_take('search', 'someone', 2);
select throws_ok(
    $$ select app.rate_limit_take('search', 'someone') $$,
    'PT429', null, 'the new limit applies on the next call'
);
select is(
    (select s.value from app.app_settings as s where s.key = 'rate_limit.search'),
    '{"capacity": 2, "refill_seconds": 60}'::jsonb,
    'the refused changes left the last good value'
);

select * from finish();
rollback;
