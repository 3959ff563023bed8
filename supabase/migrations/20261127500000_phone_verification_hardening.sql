-- Phone verification hardening (security review of issue 4).
--
-- 1. Phone-owner enumeration: app.phone_verification_begin raised NUMTK for a number verified by
--    another account before spending any rate-limit token (and the exception rolled back any
--    spend), so a signed-in user could test without limit which numbers are registered. A start
--    now costs the per-user and per-number tokens whatever the number, and says nothing about
--    other accounts. One account per number is still enforced where it matters, by
--    app.mark_phone_verified (NUMTK), i.e. only after the caller proved control of the number
--    with the code, and that refusal rolls the whole check back.
-- 2. Lock reset without a new code: app.phone_verification_finish(bigint, text, text, integer)
--    let the user close their own attempts with any outcome, so they could mark a start 'sent'
--    themselves and lift the VFLCK lock without a code ever being sent. Outcomes are now
--    recorded only by the service side (the verify_phone_* functions, elevated to service_role
--    in the user's own transaction, after Twilio answered); the old signature is dropped.

-- Definer because the caller must spend rate-limit tokens and write an attempt row, neither of
-- which it may do directly. It acts only for auth.uid(). It deliberately does not look at other
-- accounts' numbers (see above). Raises 42501, BADPH, BADCH, NUMVF, PT429.
create or replace function app.phone_verification_begin(
    p_phone text,
    p_channel text
) returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_user_id uuid := (select auth.uid());
    v_id bigint;
begin
    if v_user_id is null then
        raise exception 'Sign in to verify a phone number' using errcode = '42501';
    end if;
    perform app.assert_e164(p_phone);
    if p_channel is null or p_channel not in ('sms', 'call', 'whatsapp') then
        raise exception 'Unsupported channel %', coalesce(p_channel, 'null')
            using
                errcode = 'BADCH',
                detail = pg_catalog.format('channel: %s', coalesce(p_channel, 'null')),
                hint = 'Use sms, call or whatsapp.';
    end if;
    -- only the caller's own profile is consulted: this reveals nothing about other accounts
    if exists (
        select 1 from app.profiles as p
        where p.id = v_user_id and p.phone = p_phone and p.phone_verified
    ) then
        raise exception 'This number is already verified on your account'
            using
                errcode = 'NUMVF',
                detail = pg_catalog.format('phone: %s', p_phone),
                hint = 'Nothing to do.';
    end if;
    perform app.rate_limit_take('phone_verify_start', 'user:' || v_user_id::text);
    perform app.rate_limit_take('phone_verify_start', 'phone:' || p_phone);
    insert into app.phone_verification_attempts (user_id, phone, kind, channel)
    values (v_user_id, p_phone, 'start', p_channel)
    returning id into v_id;
    return v_id;
end;
$$;

comment on function app.phone_verification_begin(text, text) is
'Opens a verification start for the signed-in user: checks, spends the per-user and per-number '
'tokens, records the attempt; returns its id. Whether another account owns the number is only '
'decided at approval (app.mark_phone_verified). Errors: 42501, BADPH, BADCH, NUMVF, PT429.';
revoke execute on function app.phone_verification_begin(text, text) from public, anon;
grant execute on function app.phone_verification_begin(text, text) to authenticated;

-- The user-callable recorder is gone: nobody may choose the outcome of their own attempts.
drop function app.phone_verification_finish(bigint, text, text, integer);

-- Definer because nobody writes app.phone_verification_attempts directly; executable by
-- service_role only, which the verify_phone_* functions switch to, in the user's own
-- transaction, once Twilio has answered. p_user_id is the user the function acts for (read with
-- auth.uid() before elevating) and must own the attempt. A start ends as sent or rejected; a
-- check as approved, wrong_code, expired, locked or rejected. Returns how many wrong codes the
-- current verification may still take. Raises 42501.
create or replace function app.phone_verification_finish(
    p_user_id uuid,
    p_attempt_id bigint,
    p_outcome text,
    p_provider_sid text default null,
    p_provider_error integer default null
) returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_attempt record;
    v_sent_id bigint;
    v_wrong integer;
begin
    update app.phone_verification_attempts as a
    set
        outcome = p_outcome,
        provider_sid = p_provider_sid,
        provider_error = p_provider_error,
        finished_at = pg_catalog.clock_timestamp()
    where
        a.id = p_attempt_id
        and a.user_id = p_user_id
        and a.outcome = 'pending'
        and (
            (a.kind = 'start' and p_outcome in ('sent', 'rejected'))
            or (
                a.kind = 'check'
                and p_outcome in ('approved', 'wrong_code', 'expired', 'locked', 'rejected')
            )
        )
    returning a.user_id, a.phone into v_attempt;
    if not found then
        raise exception 'No pending attempt % of user % that may end as %',
            p_attempt_id, coalesce(p_user_id::text, 'null'), coalesce(p_outcome, 'null')
            using errcode = '42501';
    end if;
    select max(a.id) into v_sent_id
    from app.phone_verification_attempts as a
    where
        a.user_id = v_attempt.user_id and a.phone = v_attempt.phone
        and a.kind = 'start' and a.outcome = 'sent';
    select count(*) into v_wrong
    from app.phone_verification_attempts as a
    where
        a.user_id = v_attempt.user_id and a.phone = v_attempt.phone and a.kind = 'check'
        and a.outcome in ('wrong_code', 'locked') and a.id > v_sent_id;
    return greatest(0, 5 - v_wrong);
end;
$$;

comment on function app.phone_verification_finish(uuid, bigint, text, text, integer) is
'Service side only: records Twilio''s outcome of a pending verification attempt of the given '
'user; returns the wrong codes still allowed. Errors: 42501.';
revoke execute on function app.phone_verification_finish(uuid, bigint, text, text, integer)
from public, anon, authenticated;
grant execute on function app.phone_verification_finish(uuid, bigint, text, text, integer)
to service_role;
