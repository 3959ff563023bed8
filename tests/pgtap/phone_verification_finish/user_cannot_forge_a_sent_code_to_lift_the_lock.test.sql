-- After 5 wrong codes only a code really sent (recorded by the service side once Twilio
-- accepted the start) lifts the VFLCK lock: the user cannot record outcomes of their own
-- attempts (security review: lock reset without a new code).
begin;
select plan(5);

select tests.create_user('alice', 'client');

-- what verify_phone_start / verify_phone_check do: open the attempt as the user, record
-- Twilio's answer as the service role for that user
create function pg_temp.finished(p_attempt_id bigint, p_outcome text) returns integer
language plpgsql
as $$
declare
    v_left integer;
begin
    perform tests.authenticate_as_service_role();
    v_left := app.phone_verification_finish(tests.get_user_id('alice'), p_attempt_id, p_outcome);
    perform tests.authenticate_as('alice');
    return v_left;
end;
$$;

select tests.authenticate_as('alice');
select pg_temp.finished(app.phone_verification_begin('+971500000005', 'sms'), 'sent');
select pg_temp.finished(app.phone_verification_check_begin('+971500000005'), 'wrong_code')
from generate_series(1, 5);
select throws_ok(
    $$ select app.phone_verification_check_begin('+971500000005') $$,
    'VFLCK', null, 'five wrong codes lock the number'
);

select throws_ok(
    $$ select app.phone_verification_finish(tests.get_user_id('alice'), app.phone_verification_begin('+971500000005', 'sms'), 'sent') $$,
    '42501', null, 'a user cannot record a sent code for their own start'
);
select hasnt_function(
    'app', 'phone_verification_finish', array['bigint', 'text', 'text', 'integer'],
    'the user-callable recorder of outcomes is gone'
);
select throws_ok(
    $$ select app.phone_verification_check_begin('+971500000005') $$,
    'VFLCK', null, 'so the lock stays until a code is really sent'
);

select pg_temp.finished(app.phone_verification_begin('+971500000005', 'sms'), 'sent');
select lives_ok(
    $$ select app.phone_verification_check_begin('+971500000005') $$,
    'a code sent by the service side lifts the lock'
);

select * from finish();
rollback;
