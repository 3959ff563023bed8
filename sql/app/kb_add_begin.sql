-- requires: sql/app/kb_require_editor.sql
-- requires: sql/app/rate_limit_take_own.sql
-- kb_add_begin: everything adding a document to the knowledge base must pass before it costs
-- anything: the caller may add (app.kb_require_editor) and one token of their
-- `knowledge_add` budget (30 an hour) is spent. public.assist_knowledge_add starts with it;
-- the assist_knowledge_add function calls it before it cuts and embeds the text, in the same
-- transaction as the insert, so a refused caller or one over the limit makes it embed nothing,
-- and an add that then fails gives its token back with the rollback. The platform's own path
-- (samia kb add / kb seed as the database owner) does not go through it.
-- Invoker: app.rate_limit_take_own fixes the subject to the caller.
-- Raises USRBL, 42501, PT429.
create or replace function app.kb_add_begin() returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.kb_require_editor();
    perform app.rate_limit_take_own('knowledge_add');
end;
$$;

comment on function app.kb_add_begin() is
'Admits a knowledge-base addition: the caller may add, one token of the knowledge_add budget. '
'Errors: USRBL, 42501, PT429.';

revoke execute on function app.kb_add_begin() from public, anon;
grant execute on function app.kb_add_begin() to authenticated;
