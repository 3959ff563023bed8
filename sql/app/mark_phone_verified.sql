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
