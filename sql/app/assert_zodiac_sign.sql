-- assert_zodiac_sign: the one check that a sign is a code of app.zodiac_signs. Raises ZHSGN
-- (detail {"sign", "allowed": [codes]}) otherwise, null included; returns the code.
create or replace function app.assert_zodiac_sign(p_sign text) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if not exists (select 1 from app.zodiac_signs as z where z.code = p_sign) then
        raise exception 'Unknown zodiac sign %', coalesce(p_sign, 'null')
            using
                errcode = 'ZHSGN',
                detail = pg_catalog.jsonb_build_object('sign', p_sign, 'allowed', (
                    select pg_catalog.jsonb_agg(z.code order by z.sort_order)
                    from app.zodiac_signs as z
                ))::text,
                hint = 'Use the codes of list_zodiac_signs.';
    end if;
    return p_sign;
end;
$$;

comment on function app.assert_zodiac_sign(text) is
'Returns the sign when it is a zodiac sign code. Errors: ZHSGN.';

revoke execute on function app.assert_zodiac_sign(text) from public;

grant execute on function app.assert_zodiac_sign(text) to anon, authenticated, service_role;
