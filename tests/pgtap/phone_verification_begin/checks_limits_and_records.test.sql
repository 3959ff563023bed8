-- app.phone_verification_begin: only for the signed-in user, E.164 and a known channel, not a
-- number already verified on the own account, rate-limited per user and per user and number,
-- one attempt row each. A number verified elsewhere starts like any other (refused at approval).
begin;
select plan(14);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('carol', 'client');
select tests.create_user('dave', 'client');

select tests.clear_authentication();
select throws_ok(
    $$ select app.phone_verification_begin('+971501234567', 'sms') $$,
    '42501', null, 'anon may not start a verification'
);

select tests.authenticate_as('alice');
select throws_ok(
    $$ select app.phone_verification_begin('0501234567', 'sms') $$,
    'BADPH', null, 'a number that is not E.164 is refused'
);
select throws_ok(
    $$ select app.phone_verification_begin('+971501234567', 'pigeon') $$,
    'BADCH', null, 'an unknown channel is refused'
);
select ok(
    app.phone_verification_begin('+971501234567', 'sms') > 0,
    'a client starts a verification and gets the attempt id'
);
select results_eq(
    $$
        select a.user_id, a.phone, a.kind, a.channel, a.outcome
        from app.phone_verification_attempts as a
    $$,
    $$ values (tests.get_user_id('alice'), '+971501234567'::text, 'start'::text, 'sms'::text, 'pending'::text) $$,
    'the attempt is recorded as the user''s own (and she may read it)'
);
select throws_ok(
    $$ insert into app.phone_verification_attempts (user_id, phone, kind) values (tests.get_user_id('alice'), '+971501234567', 'check') $$,
    '42501', null, 'nobody writes attempts directly'
);

-- four more starts reach the per-user budget of 5 per hour
select app.phone_verification_begin('+97150123456' || n::text, 'call')
from generate_series(0, 3) as n;
select throws_ok(
    $$ select app.phone_verification_begin('+971509999999', 'whatsapp') $$,
    'PT429', null, 'the sixth start within the hour is rate-limited per user'
);

select tests.authenticate_as('bob');
select app.phone_verification_begin('+971501234567', 'sms')
from generate_series(1, 3);
select throws_ok(
    $$ select app.phone_verification_begin('+971501234567', 'sms') $$,
    'PT429', null, 'bob has had his 3 starts for this number today: limited per user and number'
);
select lives_ok(
    $$ select app.phone_verification_begin('+971501111111', 'sms') $$,
    'bob may still start for another number'
);

reset role;
select app.mark_phone_verified(tests.get_user_id('carol'), '+971502222222');

select tests.authenticate_as('dave');
select lives_ok(
    $$ select app.phone_verification_begin('+971502222222', 'sms') $$,
    'a number verified by another account starts like any other: nothing is revealed'
);
select is(
    (select count(*)::integer from app.phone_verification_attempts where phone = '+971502222222'),
    1,
    'and it is recorded (its tokens are spent)'
);

select tests.authenticate_as('carol');
select throws_ok(
    $$ select app.phone_verification_begin('+971502222222', 'sms') $$,
    'NUMVF', null, 'a number already verified on the own account is refused'
);

select tests.authenticate_as('bob');
select is(
    (select count(*)::integer from app.phone_verification_attempts),
    4,
    'bob reads only his own attempts (refused starts left none)'
);

select tests.authenticate_as_service_role();
select throws_ok(
    $$ select app.phone_verification_begin('+971503333333', 'sms') $$,
    '42501', null, 'the service role may not start a verification'
);

select * from finish();
rollback;
