-- list_rate_limits: admins and superadmins read every limit; everyone else gets 42501.
begin;
select plan(8);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.clear_authentication();
select throws_ok(
    $$ select * from public.list_rate_limits() $$,
    '42501', null, 'anon may not list rate limits'
);

select tests.authenticate_as('alice');
select throws_ok(
    $$ select * from public.list_rate_limits() $$,
    '42501', null, 'a client may not list rate limits'
);

select tests.authenticate_as('rita');
select throws_ok(
    $$ select * from public.list_rate_limits() $$,
    '42501', null, 'a reader may not list rate limits'
);

select tests.authenticate_as('mona');
select throws_ok(
    $$ select * from public.list_rate_limits() $$,
    '42501', null, 'a monitor may not list rate limits'
);

select tests.authenticate_as('adam');
select results_eq(
    $$
        select l.capacity, l.refill_seconds
        from public.list_rate_limits() as l
        where l.action = 'phone_verify_start'
    $$,
    $$ values (5, 3600) $$,
    'an admin reads the seeded phone verification limit'
);
select results_eq(
    $$
        select l.capacity, l.refill_seconds
        from public.list_rate_limits() as l
        where l.action = 'phone_verify_check'
    $$,
    $$ values (10, 900) $$,
    'the check limit is 10 per 15 minutes'
);

select tests.authenticate_as('sara');
select ok(
    (select count(*) >= 7 from public.list_rate_limits()),
    'a superadmin reads every seeded limit'
);
select is_empty(
    $$
        select l.action from public.list_rate_limits() as l
        where l.capacity is null or l.refill_seconds is null
    $$,
    'every listed limit has a capacity and a refill period'
);

select * from finish();
rollback;
