-- Review of the order rate limits (app.orders_check_client_insert): a direct insert is limited
-- like create_order, an insert for someone else is refused before any token is spent, and the
-- definer wrapper app.rate_limit_take_own spends only the caller's own bucket, never a negative
-- cost. Held at review time.
begin;
select plan(7);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');

select tests.authenticate_as('alice');
select throws_ok(
    format(
        $$ insert into app.orders (client_id, service_code, question) values (%L, 'tarot', 'x') $$,
        tests.get_user_id('bob')
    ),
    '42501', null, 'a client cannot insert an order for someone else'
);
select throws_ok(
    $$ select app.rate_limit_take_own('orders', -100) $$,
    'RLBAD', null, 'nobody refills their bucket with a negative cost'
);
select lives_ok(
    format(
        $$ insert into app.orders (client_id, service_code, question)
        select %L, 'tarot', 'direct ' || g from generate_series(1, 10) as g $$,
        tests.get_user_id('alice')
    ),
    'ten direct inserts spend the ten order tokens'
);
select throws_ok(
    format(
        $$ insert into app.orders (client_id, service_code, question) values (%L, 'tarot', 'x') $$,
        tests.get_user_id('alice')
    ),
    'PT429', null, 'the eleventh direct insert is rate limited'
);

select tests.authenticate_as('rita');
select throws_ok(
    format(
        $$ insert into app.orders (client_id, service_code, question) values (%L, 'tarot', 'x') $$,
        tests.get_user_id('rita')
    ),
    '42501', null, 'a reader cannot order: the role is the first thing the order checks ask'
);

reset role;
select results_eq(
    format(
        $$ select count(*)::integer from app.rate_limit_buckets where subject = %L $$,
        tests.get_user_id('bob')
    ),
    array[0],
    'alice''s refused order for bob spent none of bob''s tokens'
);

select tests.authenticate_as('bob');
select lives_ok(
    $$ select public.create_order('tarot', 'Bob still orders') $$,
    'bob still orders after alice ran out'
);

select * from finish();
rollback;
