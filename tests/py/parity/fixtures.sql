-- Test-only functions for the parity test: each error is raised by the database itself, so the
-- gateway and the functions translate a real server error, not a hand-made one.

create function public.parity_raise(
    p_code text, p_message text, p_detail text default null, p_hint text default null
) returns void
language plpgsql volatile as $$
begin
    if p_detail is null and p_hint is null then
        raise exception using errcode = p_code, message = p_message;
    elsif p_hint is null then
        raise exception using errcode = p_code, message = p_message, detail = p_detail;
    else
        raise exception using errcode = p_code, message = p_message, detail = p_detail,
            hint = p_hint;
    end if;
end
$$;

-- who the database sees: the role, its settings, the claims and the request headers
create function public.parity_whoami() returns json
language sql stable as $$
    select json_build_object(
        'role', current_user,
        'claims', nullif(current_setting('request.jwt.claims', true), '')::json,
        'statement_timeout', current_setting('statement_timeout'),
        'request_id', nullif(current_setting('request.headers', true), '')::json ->> 'x-request-id'
    )
$$;

-- a missing grant: 42501, which is 401 for anon and 403 for any other role
create function public.parity_service_only() returns text
language sql stable as $$ select 'service' $$;

revoke execute on function public.parity_service_only() from public, anon, authenticated;
grant execute on function public.parity_service_only() to service_role;
