-- requires: sql/app/kb_add_begin.sql
-- assist_knowledge_add: an admin adds a document to the knowledge base (seed: POST
-- /api/assist/knowledge/add). Callable by admins and superadmins (app.kb_require_editor),
-- 30 an hour each (app.kb_add_begin spends the caller's `knowledge_add` budget).
-- The caller sends the text, its chunks and their embeddings (the assist_knowledge_add
-- function and `samia kb add` cut and embed the text for them); adding the same text again
-- returns the existing document with "created": false. A null p_language is the text's own.
-- Returns {"doc_id", "created", "chunks", "content_hash"}.
-- Raises USRBL, 42501, PT429, KBBAD, BADLG.
create or replace function public.assist_knowledge_add(
    p_title text,
    p_language text,
    p_source text,
    p_licence text,
    p_content text,
    p_model text,
    p_chunks jsonb
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.kb_add_begin();
    return app.kb_add_document(
        p_title, p_language, p_source, p_licence, p_content, p_model, p_chunks
    );
end;
$$;

comment on function public.assist_knowledge_add(text, text, text, text, text, text, jsonb) is
'Admins: adds a knowledge-base document with its embedded chunks (idempotent on its text). '
'Errors: USRBL, 42501, PT429, KBBAD, BADLG.';

revoke execute on function public.assist_knowledge_add(text, text, text, text, text, text, jsonb)
from public, anon;
grant execute on function public.assist_knowledge_add(text, text, text, text, text, text, jsonb)
to authenticated;
