-- The caller's application role, read from app.profiles once per statement (policies call these
-- as `(select app.current_role())`). Never read from JWT metadata.

-- Definer because policies on app.profiles call it: as invoker, reading app.profiles from a
-- profiles policy would recurse into that policy. It reads only the caller's own row.
create or replace function app.current_role() returns text
language sql
stable
security definer
set search_path = ''
as $$
    select p.role
    from app.profiles as p
    where p.id = (select auth.uid())
$$;

comment on function app.current_role() is
'Application role of the signed-in user (app.profiles.role for auth.uid()); null if none.';

revoke execute on function app.current_role() from public, anon;

grant execute on function app.current_role() to authenticated;

grant execute on function app.current_role() to service_role;
