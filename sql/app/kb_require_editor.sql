-- requires: sql/app/require_role.sql
-- kb_require_editor: the one rule of who adds to the knowledge base: admins and superadmins.
-- Called first by app.kb_add_begin (so by public.assist_knowledge_add and the
-- assist_knowledge_add function before it spends time cutting and embedding a text).
-- Raises USRBL (blocked), 42501 (any other role).
create or replace function app.kb_require_editor() returns text
language sql
stable
security invoker
set search_path = ''
as $$
    select app.require_role('admin', 'superadmin')
$$;

comment on function app.kb_require_editor() is
'Returns the caller''s role when it may add to the knowledge base (admin, superadmin). '
'Errors: USRBL, 42501.';

revoke execute on function app.kb_require_editor() from public, anon;
grant execute on function app.kb_require_editor() to authenticated;
