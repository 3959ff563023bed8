-- requires: sql/app/require_role.sql
-- assist_require_user: the one rule of who uses AI assist: readers and staff (monitor, admin,
-- superadmin); clients and anon never. Called first by public.assist_search, and by the
-- assist_search function before it spends time embedding a query. Raises USRBL (blocked),
-- 42501 (any other role, or no signed-in user).
create or replace function app.assist_require_user() returns text
language sql
stable
security invoker
set search_path = ''
as $$
    select app.require_role('reader', 'monitor', 'admin', 'superadmin')
$$;

comment on function app.assist_require_user() is
'Returns the caller''s role when it may use AI assist (reader, monitor, admin, superadmin). '
'Errors: USRBL, 42501.';

revoke execute on function app.assist_require_user() from public, anon;
grant execute on function app.assist_require_user() to authenticated;
