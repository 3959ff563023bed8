-- verified_phone: the number to dial for a party of a call: their profile's phone if it is
-- verified, else VCUNV naming the party (detail {"party"}). The one home of "only a verified
-- phone is ever dialled", for the reader, the client and a listening monitor.
-- Invoker: app.call_initiate_begin (definer) reads both parties, a monitor their own profile.
create or replace function app.verified_phone(p_profile_id uuid, p_party text) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_phone text;
begin
    select p.phone into v_phone
    from app.profiles as p
    where p.id = p_profile_id and p.phone_verified;
    if v_phone is null then
        raise exception 'The % has no verified phone', p_party
            using
                errcode = 'VCUNV',
                detail = pg_catalog.jsonb_build_object('party', p_party)::text,
                hint = 'Verify the phone number first (verify_phone_start).';
    end if;
    return v_phone;
end;
$$;

comment on function app.verified_phone(uuid, text) is
'The verified phone of a party to dial. Errors: VCUNV.';

revoke execute on function app.verified_phone(uuid, text) from public, anon, service_role;

grant execute on function app.verified_phone(uuid, text) to authenticated;
