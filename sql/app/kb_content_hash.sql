-- kb_content_hash: the identity of a knowledge-base document, sha256 (hex) of its text as
-- given. app.kb_add_document stores it (unique), and app.kb_find_document looks it up, so
-- callers can skip embedding a text the knowledge base already holds.
create or replace function app.kb_content_hash(p_content text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(p_content, 'UTF8')), 'hex')
$$;

comment on function app.kb_content_hash(text) is
'sha256 (hex) of a knowledge-base document''s text: its identity in app.kb_docs.content_hash.';

revoke execute on function app.kb_content_hash(text) from public, anon;
grant execute on function app.kb_content_hash(text) to authenticated, service_role;
