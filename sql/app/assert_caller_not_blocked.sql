-- The first step of every order action: refuse a blocked caller. Invoker: the caller reads
-- their own profile row. Raises ORDBL.
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
            using errcode = 'ORDBL', hint = 'Contact an admin.';
    end if;
end;
$$;

comment on function app.assert_caller_not_blocked() is
'Raises ORDBL when the signed-in caller is blocked.';

revoke execute on function app.assert_caller_not_blocked() from public, anon;

grant execute on function app.assert_caller_not_blocked() to authenticated;
