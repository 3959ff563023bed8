-- requires: sql/app/kb_search.sql
-- assist_search_hits: the answer of a knowledge-base search as the API gives it, a JSON array
-- of hits, best first: chunk, document, language and each ranked list's score (see
-- app.kb_search, which checks the caller and the input again). It spends nothing: callers
-- start with app.assist_search_begin (public.assist_search, the assist_search function).
-- Raises USRBL, 42501, ASQRY, ASKOR, ASVEC, BADLG.
create or replace function app.assist_search_hits(
    p_query text,
    p_embedding extensions.vector,
    p_model text,
    p_language text,
    p_k integer
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select coalesce(
        pg_catalog.jsonb_agg(
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
        ),
        '[]'::jsonb
    )
    from app.kb_search(p_query, p_embedding, p_model, p_language, p_k) as h
$$;

comment on function app.assist_search_hits(text, extensions.vector, text, text, integer) is
'The hits of a knowledge-base search as JSON, best first; spends no rate limit. '
'Errors: USRBL, 42501, ASQRY, ASKOR, ASVEC, BADLG.';

revoke execute on function app.assist_search_hits(text, extensions.vector, text, text, integer)
from public, anon;
grant execute on function app.assist_search_hits(text, extensions.vector, text, text, integer)
to authenticated;
