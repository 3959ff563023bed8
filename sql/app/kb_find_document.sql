-- requires: sql/app/kb_content_hash.sql
-- kb_find_document: the id of the document whose text is p_content, or null. Lets the
-- knowledge-add paths skip embedding a text that is already there; invoker, so a caller finds
-- only documents they may read.
create or replace function app.kb_find_document(p_content text) returns uuid
language sql
stable
security invoker
set search_path = ''
as $$
    select d.id from app.kb_docs as d where d.content_hash = app.kb_content_hash(p_content)
$$;

comment on function app.kb_find_document(text) is
'The id of the knowledge-base document with exactly this text, or null.';

revoke execute on function app.kb_find_document(text) from public, anon;
grant execute on function app.kb_find_document(text) to authenticated;
