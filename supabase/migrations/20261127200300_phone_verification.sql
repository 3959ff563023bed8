-- Phone verification. The Python functions verify_phone_start/verify_phone_check
-- talk to Twilio Verify; the rules live here. Each attempt is a row (never the code); a start
-- and a check each open their attempt, the function calls Twilio inside the same transaction
-- and closes the attempt with the outcome, so a failing provider leaves nothing behind.
-- Only the service side sets the phone and phone_verified (app.mark_phone_verified).

create table app.phone_verification_attempts (
    id bigint generated always as identity primary key,
    user_id uuid not null references auth.users (id) on delete cascade,
    phone text not null check (phone ~ '^\+[1-9][0-9]{6,14}$'),
    kind text not null check (kind in ('start', 'check')),
    channel text check (channel in ('sms', 'call', 'whatsapp')),
    outcome text not null default 'pending' check (
        outcome in ('pending', 'sent', 'approved', 'wrong_code', 'expired', 'locked', 'rejected')
    ),
    provider_sid text,
    provider_error integer,
    created_at timestamptz not null default now(),
    finished_at timestamptz,
    constraint phone_verification_attempts_channel_for_starts check (
        (kind = 'start') = (channel is not null)
    )
);

comment on table app.phone_verification_attempts is
'One row per phone verification start or check (never the code). Written only by the '
'app.phone_verification_* functions; users read their own, admins all.';
comment on column app.phone_verification_attempts.provider_error is
'Twilio error code when Twilio refused the request (e.g. 60200, 60202, 60203, 20404).';
alter table app.phone_verification_attempts enable row level security;
revoke all on table app.phone_verification_attempts from anon, authenticated, service_role;

create index phone_verification_attempts_user_phone_idx
on app.phone_verification_attempts (user_id, phone, created_at desc);

-- Raises BADPH unless p_phone is E.164.
create or replace function app.assert_e164(p_phone text) returns void
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
    if p_phone is null or p_phone !~ '^\+[1-9][0-9]{6,14}$' then
        raise exception 'Invalid phone number'
            using
                errcode = 'BADPH',
                detail = pg_catalog.format('phone: %s', coalesce(p_phone, 'null')),
                hint = 'Send the number in international form, e.g. +971501234567.';
    end if;
end;
$$;

comment on function app.assert_e164(text) is 'Raises BADPH unless the phone number is E.164.';
revoke execute on function app.assert_e164(text) from public, anon;
grant execute on function app.assert_e164(text) to authenticated;
grant execute on function app.assert_e164(text) to service_role;

-- Definer because the caller must spend rate-limit tokens and write an attempt row, neither of
-- which it may do directly. It acts only for auth.uid(). It deliberately does not say whether
-- another account owns the number: that would let anyone probe which numbers are registered.
-- One account per number is enforced at approval by app.mark_phone_verified (NUMTK), after the
-- caller proved control of the number with the code. Raises 42501, BADPH, BADCH, NUMVF, PT429.
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

-- Definer for the same reasons as phone_verification_begin. A check needs a code sent to this
-- user for this number since the last approval, and is refused after 5 wrong codes until a new
-- code is requested. Raises 42501, BADPH, VFNOT, VFLCK, PT429.
create or replace function app.phone_verification_check_begin(p_phone text) returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_user_id uuid := (select auth.uid());
    v_sent_id bigint;
    v_wrong integer;
    v_id bigint;
begin
    if v_user_id is null then
        raise exception 'Sign in to verify a phone number' using errcode = '42501';
    end if;
    perform app.assert_e164(p_phone);
    perform app.rate_limit_take('phone_verify_check', 'user:' || v_user_id::text);
    -- ids, not timestamps, order the attempts: they grow with every row, even within one
    -- transaction
    select max(a.id) into v_sent_id
    from app.phone_verification_attempts as a
    where
        a.user_id = v_user_id and a.phone = p_phone and a.kind = 'start' and a.outcome = 'sent'
        and not exists (
            select 1 from app.phone_verification_attempts as c
            where
                c.user_id = v_user_id and c.phone = p_phone and c.kind = 'check'
                and c.outcome in ('approved', 'expired') and c.id > a.id
        );
    if v_sent_id is null then
        raise exception 'No verification code is pending for this number'
            using
                errcode = 'VFNOT',
                detail = pg_catalog.format('phone: %s', p_phone),
                hint = 'Request a code with verify_phone_start first.';
    end if;
    select count(*) into v_wrong
    from app.phone_verification_attempts as a
    where
        a.user_id = v_user_id and a.phone = p_phone and a.kind = 'check'
        and a.outcome in ('wrong_code', 'locked') and a.id > v_sent_id;
    if v_wrong >= 5 then
        raise exception 'Too many wrong codes for this number'
            using
                errcode = 'VFLCK',
                detail = pg_catalog.format('wrong_codes=%s', v_wrong),
                hint = 'Request a new code with verify_phone_start.';
    end if;
    insert into app.phone_verification_attempts (user_id, phone, kind)
    values (v_user_id, p_phone, 'check')
    returning id into v_id;
    return v_id;
end;
$$;

comment on function app.phone_verification_check_begin(text) is
'Opens a verification check for the signed-in user; returns the attempt id. '
'Errors: 42501, BADPH, VFNOT, VFLCK (5 wrong codes), PT429.';
revoke execute on function app.phone_verification_check_begin(text) from public, anon;
grant execute on function app.phone_verification_check_begin(text) to authenticated;

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

-- Definer because no API role may write app.profiles.phone/phone_verified; executable by
-- service_role only, which the verify_phone_check function switches to, in the user's own
-- transaction, after Twilio approved the code. Raises BADPH, NUMTK, 42501.
create or replace function app.mark_phone_verified(
    p_user_id uuid,
    p_phone text
) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_updated integer;
begin
    perform app.assert_e164(p_phone);
    if exists (
        select 1 from app.profiles as p
        where p.phone = p_phone and p.id <> p_user_id
    ) then
        raise exception 'This number belongs to another account'
            using
                errcode = 'NUMTK',
                hint = 'Use another number, or contact support if it is yours.';
    end if;
    begin
        update app.profiles as p
        set
            phone = p_phone,
            phone_verified = true
        where p.id = p_user_id;
        get diagnostics v_updated = row_count;
    exception when unique_violation then
        -- another account verified the same number at the same moment
        raise exception 'This number belongs to another account'
            using
                errcode = 'NUMTK',
                hint = 'Use another number, or contact support if it is yours.';
    end;
    if v_updated = 0 then
        raise exception 'No profile %', p_user_id using errcode = '42501';
    end if;
end;
$$;

comment on function app.mark_phone_verified(uuid, text) is
'Service side only: sets phone and phone_verified after an approved Twilio check. '
'Errors: BADPH, NUMTK, 42501.';
revoke execute on function app.mark_phone_verified(uuid, text)
from public, anon, authenticated;
grant execute on function app.mark_phone_verified(uuid, text) to service_role;
