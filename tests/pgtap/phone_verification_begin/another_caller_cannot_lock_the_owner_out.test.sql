-- app.phone_verification_begin: one caller's starts for a number lock only that caller out (3
-- per user and number per day, PT429 with {"retry_after_seconds": N}); the number's own cap of
-- 30 per day for all callers together bounds what it receives, and no single other account can
-- spend it; the number's holder does not spend it at all.
begin;
select plan(13);

select tests.freeze_time('2026-06-01 12:00:00+00');

select tests.create_user('mallory', 'client');
select tests.create_user('olivia', 'client');
select tests.create_user('hana', 'client');
select tests.create_user('late', 'client');
select tests.create_user('attacker_' || n::text, 'client') from generate_series(1, 9) as n;

select tests.authenticate_as('mallory');
select app.phone_verification_begin('+971507000001', 'sms') from generate_series(1, 3);
select throws_ok(
    $$ select app.phone_verification_begin('+971507000001', 'sms') $$,
    'PT429', null, 'a fourth start for the same number within the day is refused to the caller'
);
select is(
    tests.error_detail($$ select app.phone_verification_begin('+971507000001', 'sms') $$),
    '{"retry_after_seconds": 28800}'::jsonb,
    'with the wait in detail: one token of 3 per day'
);
select lives_ok(
    $$ select app.phone_verification_begin('+971507000002', 'sms') $$,
    'the same caller may still start for another number (the per-user budget is separate)'
);

select tests.authenticate_as('olivia');
select lives_ok(
    $$ select app.phone_verification_begin('+971507000001', 'sms') $$,
    'the owner still starts for her number after another account spent all it may on it'
);
select lives_ok(
    $$ select app.phone_verification_begin('+971507000001', 'call') $$,
    'and again: the other account''s attempts never counted against her'
);

-- the per-number cap: 30 per day for all callers together. Spent so far: 3 + 2; nine more
-- accounts spend 3 each (27), but only 25 are left.
select
    tests.authenticate_as('attacker_' || n::text) as acting,
    app.phone_verification_begin('+971507000001', 'sms') as attempt_id
from generate_series(1, 8) as n, generate_series(1, 3);
select tests.authenticate_as('attacker_9');
select lives_ok(
    $$ select app.phone_verification_begin('+971507000001', 'sms') $$,
    'the thirtieth start of the day for the number is admitted'
);
select throws_ok(
    $$ select app.phone_verification_begin('+971507000001', 'sms') $$,
    'PT429', null, 'the thirty-first is refused: the number''s cap holds'
);
select is(
    tests.error_detail($$ select app.phone_verification_begin('+971507000001', 'sms') $$),
    '{"retry_after_seconds": 2880}'::jsonb,
    'with the wait in detail: one token of 30 per day'
);
select tests.authenticate_as('late');
select throws_ok(
    $$ select app.phone_verification_begin('+971507000001', 'sms') $$,
    'PT429', null, 'a fresh account cannot push the number past its cap either'
);

reset role;
select is(
    (select count(*)::integer from app.phone_verification_attempts where phone = '+971507000001'),
    30,
    'the number received exactly 30 starts in the day, from eleven accounts'
);

-- the holder of a number (an admin cleared its verification) does not spend the number's cap;
-- an hour later, so that every account's own budget of 5 starts per hour is full again
select tests.freeze_time('2026-06-01 13:00:00+00');
update app.profiles set phone = '+971507000003' where id = tests.get_user_id('hana');
select
    tests.authenticate_as('attacker_' || n::text) as acting,
    app.phone_verification_begin('+971507000003', 'sms') as attempt_id
from generate_series(1, 9) as n, generate_series(1, 3);
select tests.authenticate_as('late');
select app.phone_verification_begin('+971507000003', 'sms') from generate_series(1, 3);
select tests.authenticate_as('mallory');
select throws_ok(
    $$ select app.phone_verification_begin('+971507000003', 'sms') $$,
    'PT429', null, 'the held number''s cap is spent by other accounts'
);
select tests.authenticate_as('hana');
select lives_ok(
    $$ select app.phone_verification_begin('+971507000003', 'sms') $$,
    'its holder still starts: others'' attempts never count against the number''s holder'
);

-- a day later the cap has refilled
select tests.freeze_time('2026-06-02 13:00:00+00');
select tests.authenticate_as('late');
select lives_ok(
    $$ select app.phone_verification_begin('+971507000001', 'sms') $$,
    'a day later the number may receive codes again'
);

select * from finish();
rollback;
