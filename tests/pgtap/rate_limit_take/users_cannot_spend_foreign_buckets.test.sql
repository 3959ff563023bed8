-- app.rate_limit_take is not executable by authenticated, so one user cannot empty
-- another user's (or a phone number's) bucket; users spend their own via rate_limit_take_own.
begin;
select plan(3);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');

select tests.authenticate_as('alice');
select throws_ok(
    format($$ select app.rate_limit_take('orders', %L, 10) $$, tests.get_user_id('bob')::text),
    '42501', null, 'a user cannot spend another user''s order budget'
);
select throws_ok(
    $$ select app.rate_limit_take('phone_verify_start', 'phone:+971500000009', 5) $$,
    '42501', null, 'a user cannot spend the budget of a phone number'
);
select throws_ok(
    format(
        $$ select app.rate_limit_take('phone_verify_check', %L, 10) $$,
        'user:' || tests.get_user_id('bob')::text
    ),
    '42501', null, 'a user cannot lock another user out of phone checks'
);

select * from finish();
rollback;
