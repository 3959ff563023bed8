-- current_role: the role the caller acts with, read from app.profiles once per statement
-- (policies call it as `(select app.current_role())`); never from JWT metadata. A blocked user
-- acts with no role: they keep what they own (their profile, their orders, their assignments)
-- and lose everything their role grants, in every policy and RPC at once.

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
    where p.id = (select auth.uid()) and not p.is_blocked
$$;

comment on function app.current_role() is
'Application role the signed-in user acts with: app.profiles.role for auth.uid(), or null when '
'there is no profile or the user is blocked.';

revoke execute on function app.current_role() from public, anon;

grant execute on function app.current_role() to authenticated;

grant execute on function app.current_role() to service_role;
