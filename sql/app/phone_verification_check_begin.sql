-- Definer for the same reasons as phone_verification_begin. A check needs a code sent to this
-- user for this number since the last approval, and is refused after 5 wrong codes until a new
-- code is requested. Raises 42501, USRBL, BADPH, VFNOT, VFLCK, PT429.
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
    perform app.assert_caller_not_blocked();
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
                detail = pg_catalog.jsonb_build_object('phone', p_phone)::text,
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
                detail = pg_catalog.jsonb_build_object('wrong_codes', v_wrong)::text,
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
'Errors: 42501, USRBL, BADPH, VFNOT, VFLCK (5 wrong codes), PT429.';

revoke execute on function app.phone_verification_check_begin(text) from public, anon;

grant execute on function app.phone_verification_check_begin(text) to authenticated;
