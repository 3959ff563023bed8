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
