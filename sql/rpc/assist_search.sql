-- requires: sql/app/assist_search_begin.sql
-- requires: sql/app/assist_search_hits.sql
-- requires: sql/app/kb_embedding_is_valid.sql
-- assist_search: readers and staff search the knowledge base (seed: POST /api/assist/search).
-- Callable by readers, monitors, admins and superadmins (app.assist_require_user), 20 an hour
-- each (rate limit `search`). The caller brings the query's embedding and the model that made
-- it (the assist_search function embeds the text for them); without one the search is
-- text-only. Returns a JSON array of hits, best first: chunk, document, language and the
-- scores of each ranked list (app.assist_search_hits over app.kb_search). It is
-- app.assist_search_begin (who, what, the token) then app.assist_search_hits, the two steps
-- the assist_search function takes with the embedding between them.
-- The embedding comes as JSON, not as a vector: pgvector refuses a vector of more than 16,000
-- dimensions while the argument is read, before any of this runs, which a caller would get
-- as a server error. As JSON it is checked here against the one rule of an embedding's shape
-- (app.kb_embedding_is_valid: an array of 1 to 16,000 numbers), ASVSH otherwise, and only
-- then made a vector.
-- Raises USRBL, 42501, PT429, ASQRY, ASKOR, ASVEC, ASVSH, BADLG.
drop function if exists public.assist_search(text, extensions.vector, text, text, integer);
create or replace function public.assist_search(
    p_query text,
    p_embedding jsonb default null,
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
    if p_embedding is not null and not app.kb_embedding_is_valid(p_embedding) then
        raise exception 'A query embedding is an array of 1 to 16000 numbers'
            using
                errcode = 'ASVSH',
                detail = pg_catalog.jsonb_build_object(
                    'type', pg_catalog.jsonb_typeof(p_embedding),
                    'dimension', case
                        when pg_catalog.jsonb_typeof(p_embedding) = 'array'
                            then pg_catalog.jsonb_array_length(p_embedding)
                    end,
                    'maximum', 16000
                )::text,
                hint = 'Send the embedding as a JSON array of numbers, e.g. [0.01, -0.2].';
    end if;
    return app.assist_search_hits(
        p_query, p_embedding::text::extensions.vector, p_model, p_language, p_k
    );
end;
$$;

comment on function public.assist_search(text, jsonb, text, text, integer) is
'Readers and staff: hybrid knowledge-base search, 20 an hour. '
'Errors: USRBL, 42501, PT429, ASQRY, ASKOR, ASVEC, ASVSH, BADLG.';

revoke execute on function public.assist_search(text, jsonb, text, text, integer)
from public, anon;
grant execute on function public.assist_search(text, jsonb, text, text, integer)
to authenticated;
