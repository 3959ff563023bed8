-- require_role: the first line of every RPC that only some roles may call. A blocked caller
-- gets USRBL (app.assert_caller_not_blocked), anyone else outside the roles 42501; returns the
-- caller's role so the RPC need not read it again.
create or replace function app.require_role(variadic p_roles text[]) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_role text;
begin
    perform app.assert_caller_not_blocked();
    v_role := app.current_role();
    if v_role is null or not v_role = any(p_roles) then
        raise exception 'Not allowed for the role %', coalesce(v_role, 'none')
            using
                errcode = '42501',
                detail = pg_catalog.jsonb_build_object(
                    'role', v_role, 'allowed_roles', pg_catalog.to_jsonb(p_roles)
                )::text,
                hint = 'Sign in with an account that has one of the allowed roles.';
    end if;
    return v_role;
end;
$$;

comment on function app.require_role(text[]) is
'Returns the caller''s role when it is one of p_roles. Errors: USRBL (caller blocked), 42501.';

revoke execute on function app.require_role(text[]) from public, anon;

grant execute on function app.require_role(text[]) to authenticated;
