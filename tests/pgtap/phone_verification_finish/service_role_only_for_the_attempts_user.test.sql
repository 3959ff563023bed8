-- app.phone_verification_finish(user, attempt, outcome, ...): only the service role records
-- Twilio's outcome, only for a pending attempt of the given user, and only an outcome that fits
-- the kind of attempt; it returns the wrong codes still allowed.
begin;
select plan(13);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('sara', 'superadmin');

select tests.authenticate_as('alice');
create temporary table ids as
select
    app.phone_verification_begin('+971501234567', 'sms') as start_id,
    null::bigint as check_id;
grant select, update on ids to authenticated, service_role;

select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), (select start_id from ids), 'sent') $$,
    '42501', null, 'a user cannot record the outcome of their own attempt'
);
select tests.authenticate_as('sara');
select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), (select start_id from ids), 'sent') $$,
    '42501', null, 'nor can a superadmin'
);
select tests.clear_authentication();
select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), (select start_id from ids), 'sent') $$,
    '42501', null, 'nor anon'
);

select tests.authenticate_as_service_role();
select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('bob'), (select start_id from ids), 'sent') $$,
    '42501', null, 'the service role cannot record it for another user than the attempt''s'
);
select throws_ok(
    $$ select app.phone_verification_finish(null, (select start_id from ids), 'sent') $$,
    '42501', null, 'nor without a user'
);
select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), (select start_id from ids), 'approved') $$,
    '42501', null, 'a start cannot end as approved'
);
select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), (select start_id from ids), 'pending') $$,
    '42501', null, 'nor stay pending'
);
select is(
    app.phone_verification_finish(tests.get_user_id('alice'), (select start_id from ids), 'sent', 'VE1'),
    5,
    'the service role records a sent code for the attempt''s user: 5 wrong codes allowed'
);
select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), (select start_id from ids), 'rejected') $$,
    '42501', null, 'a finished attempt cannot be finished again'
);

select tests.authenticate_as('alice');
update ids set check_id = app.phone_verification_check_begin('+971501234567');
select tests.authenticate_as_service_role();
select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), (select check_id from ids), 'sent') $$,
    '42501', null, 'a check cannot end as sent'
);
select is(
    app.phone_verification_finish(tests.get_user_id('alice'), (select check_id from ids), 'wrong_code', 'VE1'),
    4,
    'a wrong code leaves 4'
);

reset role;
select results_eq(
    $$
        select a.kind, a.outcome, a.provider_sid, a.finished_at is not null
        from app.phone_verification_attempts as a
        order by a.id
    $$,
    $$ values ('start'::text, 'sent'::text, 'VE1'::text, true), ('check', 'wrong_code', 'VE1', true) $$,
    'both outcomes are recorded with their time'
);
select function_privs_are(
    'app', 'phone_verification_finish', array['uuid', 'bigint', 'text', 'text', 'integer'],
    'authenticated', array[]::text[],
    'authenticated may not execute it'
);

select * from finish();
rollback;
