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
                detail = pg_catalog.jsonb_build_object('phone', p_phone)::text,
                hint = 'Send the number in international form, e.g. +971501234567.';
    end if;
end;
$$;

comment on function app.assert_e164(text) is 'Raises BADPH unless the phone number is E.164.';

revoke execute on function app.assert_e164(text) from public, anon;

grant execute on function app.assert_e164(text) to authenticated;

grant execute on function app.assert_e164(text) to service_role;
