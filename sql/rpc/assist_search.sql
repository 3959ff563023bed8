-- assist_search: readers and staff search the knowledge base (seed: POST /api/assist/search).
-- Callable by readers, monitors, admins and superadmins (app.assist_require_user), 20 an hour
-- each (rate limit `search`). The caller brings the query's embedding and the model that made
-- it (the assist_search function embeds the text for them); without one the search is
-- text-only. Returns a JSON array of hits, best first: chunk, document, language and the
-- scores of each ranked list (see app.kb_search).
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
    perform app.assist_require_user();
    perform app.rate_limit_take_own('search');
    return coalesce(
        (
            select pg_catalog.jsonb_agg(
                pg_catalog.jsonb_build_object(
                    'chunk_id', h.chunk_id,
                    'doc_id', h.doc_id,
                    'title', h.doc_title,
                    'position', h.chunk_position,
                    'text', h.chunk_text,
                    'language', h.language,
                    'source', h.source,
                    'licence', h.licence,
                    'scores', pg_catalog.jsonb_build_object(
                        'rrf', h.rrf_score,
                        'vector', h.vector_similarity,
                        'fts_arabic', h.fts_arabic_rank,
                        'fts_simple', h.fts_simple_rank,
                        'trigram', h.trigram_similarity
                    )
                )
                order by h.rrf_score desc, h.chunk_id
            )
            from app.kb_search(p_query, p_embedding, p_model, p_language, p_k) as h
        ),
        '[]'::jsonb
    );
end;
$$;

comment on function public.assist_search(text, extensions.vector, text, text, integer) is
'Readers and staff: hybrid knowledge-base search, 20 an hour. '
'Errors: USRBL, 42501, PT429, ASQRY, ASKOR, ASVEC, BADLG.';

revoke execute on function public.assist_search(text, extensions.vector, text, text, integer)
from public, anon;
grant execute on function public.assist_search(text, extensions.vector, text, text, integer)
to authenticated;
