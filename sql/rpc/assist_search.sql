-- requires: sql/app/assist_search_begin.sql
-- requires: sql/app/assist_search_hits.sql
-- assist_search: readers and staff search the knowledge base (seed: POST /api/assist/search).
-- Callable by readers, monitors, admins and superadmins (app.assist_require_user), 20 an hour
-- each (rate limit `search`). The caller brings the query's embedding and the model that made
-- it (the assist_search function embeds the text for them); without one the search is
-- text-only. Returns a JSON array of hits, best first: chunk, document, language and the
-- scores of each ranked list (app.assist_search_hits over app.kb_search). It is
-- app.assist_search_begin (who, what, the token) then app.assist_search_hits, the two steps
-- the assist_search function takes with the embedding between them.
-- Raises USRBL, 42501, PT429, ASQRY, ASKOR, ASVEC, BADLG.
create or replace function public.assist_search(
    p_query text,
    p_embedding extensions.vector default null,
    p_model text default null,
    p_language text default null,
    p_k integer default 10
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.assist_search_begin(p_query, p_language, p_k);
    return app.assist_search_hits(p_query, p_embedding, p_model, p_language, p_k);
end;
$$;

comment on function public.assist_search(text, extensions.vector, text, text, integer) is
'Readers and staff: hybrid knowledge-base search, 20 an hour. '
'Errors: USRBL, 42501, PT429, ASQRY, ASKOR, ASVEC, BADLG.';

revoke execute on function public.assist_search(text, extensions.vector, text, text, integer)
from public, anon;
grant execute on function public.assist_search(text, extensions.vector, text, text, integer)
to authenticated;
