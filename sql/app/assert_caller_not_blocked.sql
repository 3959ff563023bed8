-- assert_caller_not_blocked: the one blocked-caller check. Every action a blocked user may not
-- take calls it first (through app.require_role, or directly where any role may act), and the
-- order trigger calls it for direct writes, so the answer is USRBL wherever the attempt comes
-- from. Invoker: the caller reads their own profile row. Anonymous callers are not blocked.
create or replace function app.assert_caller_not_blocked() returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if exists (
        select 1 from app.profiles as p
        where p.id = (select auth.uid()) and p.is_blocked
    ) then
        raise exception 'Your account is blocked'
            using errcode = 'USRBL', hint = 'Contact an admin.';
    end if;
end;
$$;

comment on function app.assert_caller_not_blocked() is
'Raises USRBL when the signed-in caller is blocked.';

revoke execute on function app.assert_caller_not_blocked() from public, anon;

grant execute on function app.assert_caller_not_blocked() to authenticated, service_role;
