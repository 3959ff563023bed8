-- app.phone_verification_check_begin: a check needs a code sent to this user for this number,
-- locks after 5 wrong codes until a new code is sent, and is rate-limited per user. Outcomes are
-- recorded as the verify_phone_* functions do it: by the service role, for the user.
begin;
select plan(12);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');

-- records Twilio's outcome of the signed-in user's attempt as the service role, then acts as
-- that user again
create function pg_temp.finished(
    p_attempt_id bigint, p_outcome text, p_provider_error integer default null
) returns integer
language plpgsql
as $$
declare
    v_claims text := current_setting('request.jwt.claims');
    v_user_id uuid := (select auth.uid());
    v_left integer;
begin
    perform tests.authenticate_as_service_role();
    v_left := app.phone_verification_finish(
        v_user_id, p_attempt_id, p_outcome, 'VE1', p_provider_error
    );
    perform set_config('role', 'authenticated', true);
    perform set_config('request.jwt.claims', v_claims, true);
    return v_left;
end;
$$;

create function pg_temp.sent(p_phone text) returns void
language sql
as $$
    select pg_temp.finished(app.phone_verification_begin(p_phone, 'sms'), 'sent')
$$;

select tests.authenticate_as('alice');
select throws_ok(
    $$ select app.phone_verification_check_begin('+971501234567') $$,
    'VFNOT', null, 'no check without a code sent'
);
select pg_temp.sent('+971501234567');

select tests.authenticate_as('bob');
select throws_ok(
    $$ select app.phone_verification_check_begin('+971501234567') $$,
    'VFNOT', null, 'another user cannot check a code sent for alice'
);

select tests.authenticate_as('alice');
select is(
    pg_temp.finished(app.phone_verification_check_begin('+971501234567'), 'wrong_code'),
    4,
    'a wrong code leaves 4 attempts'
);
select pg_temp.finished(app.phone_verification_check_begin('+971501234567'), 'wrong_code')
from generate_series(1, 3);
select is(
    pg_temp.finished(app.phone_verification_check_begin('+971501234567'), 'wrong_code'),
    0,
    'the fifth wrong code leaves none'
);
select throws_ok(
    $$ select app.phone_verification_check_begin('+971501234567') $$,
    'VFLCK', null, 'after 5 wrong codes the verification is locked'
);
select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), 1, 'approved') $$,
    '42501', null, 'the user cannot record outcomes herself'
);

select pg_temp.sent('+971501234567');
select lives_ok(
    $$ select app.phone_verification_check_begin('+971501234567') $$,
    'a new code unlocks checking'
);

-- refused calls roll back their token; six checks have been spent so far
select app.phone_verification_check_begin('+971501234567') from generate_series(1, 4);
select throws_ok(
    $$ select app.phone_verification_check_begin('+971501234567') $$,
    'PT429', null, 'the eleventh check within 15 minutes is rate-limited per user'
);

select tests.authenticate_as('bob');
select pg_temp.sent('+971507654321');
select pg_temp.finished(app.phone_verification_check_begin('+971507654321'), 'expired', 20404);
select throws_ok(
    $$ select app.phone_verification_check_begin('+971507654321') $$,
    'VFNOT', null, 'after an expired verification a new code is needed'
);
select is(
    (select a.provider_error from app.phone_verification_attempts as a where a.outcome = 'expired'),
    20404,
    'the Twilio error code is recorded'
);
select is_empty(
    $$
        select 1 from information_schema.columns as c
        where c.table_schema = 'app' and c.table_name = 'phone_verification_attempts'
            and c.column_name ~ 'code$' and c.column_name <> 'provider_error'
    $$,
    'the attempts table has no column for the code'
);

select tests.authenticate_as_service_role();
select throws_ok(
    $$ select app.phone_verification_check_begin('+971507654321') $$,
    '42501', null, 'the service role may not check'
);

select * from finish();
rollback;
