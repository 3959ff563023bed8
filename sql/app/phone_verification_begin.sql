-- Definer because the caller must spend rate-limit tokens and write an attempt row, neither of
-- which it may do directly. It acts only for auth.uid(). It deliberately does not say whether
-- another account owns the number: that would let anyone probe which numbers are registered.
-- One account per number is enforced at approval by app.mark_phone_verified (NUMTK), after the
-- caller proved control of the number with the code. Raises 42501, USRBL, BADPH, BADCH, NUMVF,
-- PT429.
--
-- The send limits, all here (docs/architecture.md, "Phone verification starts"): per caller
-- (phone_verify_start), per caller and number (phone_verify_start_caller_number), and per number
-- for all callers together (phone_verify_start_number). Nothing is shared between callers but
-- the per-number cap, which bounds what any number receives and is set far above what one
-- caller may spend on it, so no other account can drain it alone. The number's holder (the
-- profile that already has it) does not spend it: others' attempts never count against them.
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
    v_holder boolean;
    v_verified boolean;
    v_id bigint;
begin
    if v_user_id is null then
        raise exception 'Sign in to verify a phone number' using errcode = '42501';
    end if;
    perform app.assert_caller_not_blocked();
    perform app.assert_e164(p_phone);
    if p_channel is null or p_channel not in ('sms', 'call', 'whatsapp') then
        raise exception 'Unsupported channel %', coalesce(p_channel, 'null')
            using
                errcode = 'BADCH',
                detail = pg_catalog.jsonb_build_object('channel', p_channel)::text,
                hint = 'Use sms, call or whatsapp.';
    end if;
    -- only the caller's own profile is consulted: this reveals nothing about other accounts
    select p.phone = p_phone, p.phone_verified into v_holder, v_verified
    from app.profiles as p
    where p.id = v_user_id;
    if v_holder and v_verified then
        raise exception 'This number is already verified on your account'
            using
                errcode = 'NUMVF',
                detail = pg_catalog.jsonb_build_object('phone', p_phone)::text,
                hint = 'Nothing to do.';
    end if;
    perform app.rate_limit_take('phone_verify_start', 'user:' || v_user_id::text);
    perform app.rate_limit_take(
        'phone_verify_start_caller_number', 'user:' || v_user_id::text || ':phone:' || p_phone
    );
    if not coalesce(v_holder, false) then
        perform app.rate_limit_take('phone_verify_start_number', 'phone:' || p_phone);
    end if;
    insert into app.phone_verification_attempts (user_id, phone, kind, channel)
    values (v_user_id, p_phone, 'start', p_channel)
    returning id into v_id;
    return v_id;
end;
$$;

comment on function app.phone_verification_begin(text, text) is
'Opens a verification start for the signed-in user: checks, spends the per-user, '
'per-user-and-number and (unless the caller holds the number) per-number tokens, records the '
'attempt; returns its id. Whether another account owns the number is only decided at approval '
'(app.mark_phone_verified). Errors: 42501, USRBL, BADPH, BADCH, NUMVF, PT429.';

revoke execute on function app.phone_verification_begin(text, text) from public, anon;

grant execute on function app.phone_verification_begin(text, text) to authenticated;
