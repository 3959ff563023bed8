-- requires: sql/app/current_role.sql

create or replace function app.has_role(variadic p_roles text[]) returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
    select coalesce(app.current_role() = any(p_roles), false)
$$;

comment on function app.has_role(text[]) is
'True when the signed-in user acts with one of the given application roles (never when blocked).';

revoke execute on function app.has_role(text[]) from public, anon;

grant execute on function app.has_role(text[]) to authenticated;

grant execute on function app.has_role(text[]) to service_role;
