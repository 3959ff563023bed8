-- requires: sql/app/normalise_search_text.sql
-- requires: sql/app/kb_search_check.sql
-- requires: sql/app/assist_require_user.sql
-- kb_search: hybrid search of the knowledge base, fused by reciprocal rank (RRF, k = 60).
-- Four ranked lists, each cut at v_depth candidates:
--   - vector: cosine distance to p_embedding among chunks embedded by the same model and
--     dimension (never across models), through the partial HNSW index of that dimension;
--   - full text in the `arabic` and in the `simple` configuration, every word required
--     (ts_rank_cd over at most 200 matches);
--   - trigram word similarity of the query to the chunk's document title (pg_trgm's `<%`, at
--     its default threshold 0.6), for queries of up to 60 characters: misspelt names.
-- The text lists are strict on purpose: they lift exact names (a card, a sign) that vectors
-- blur, and stay silent for a question in other words or another language, where a loose
-- match would only outvote the vector list (docs/assist.md has the measurements).
-- Query and chunks pass through the same app.normalise_search_text. Without an embedding the
-- vector list is empty (text-only search). It checks who may search itself
-- (app.assist_require_user: readers and staff, the same audience as the tables' select
-- policies); public.assist_search also spends the rate limit. What a search may ask is
-- app.kb_search_check's rule.
-- Raises USRBL, 42501, ASQRY (query empty or over 1000 characters), ASKOR (k outside 1..50), ASVEC (an
-- embedding without its model), BADLG (language not ar/en).
create or replace function app.kb_search(
    p_query text,
    p_embedding extensions.vector,
    p_model text,
    p_language text default null,
    p_k integer default 10
) returns table (
    chunk_id bigint,
    doc_id uuid,
    doc_title text,
    chunk_position integer,
    chunk_text text,
    language text,
    source text,
    licence text,
    rrf_score double precision,
    vector_similarity double precision,
    fts_arabic_rank real,
    fts_simple_rank real,
    trigram_similarity real
)
language plpgsql
stable
-- Definer because under row-level security PostgreSQL may not use the full-text GIN indexes:
-- `@@` is not leakproof, so it is evaluated after the policy, on every row (2 s at 100,000
-- chunks instead of milliseconds). It returns only what the select policies would show the
-- caller, whom app.assist_require_user admits first.
security definer
set search_path = ''
-- more HNSW candidates than the default 40, and pgvector's iterative scan, so a language or
-- model filter still leaves enough (quoted: sqlfluff cannot parse a dotted setting name)
set "hnsw.ef_search" = 100
set "hnsw.iterative_scan" = relaxed_order
as $$
declare
    v_query text := app.normalise_search_text(p_query);
    v_depth integer;
    v_vector_sql text;
begin
    perform app.assist_require_user();
    perform app.kb_search_check(p_query, p_language, p_k);
    if p_embedding is not null and coalesce(pg_catalog.btrim(p_model), '') = '' then
        raise exception 'An embedding needs the model that made it'
            using
                errcode = 'ASVEC',
                detail = pg_catalog.jsonb_build_object(
                    'dimension', extensions.vector_dims(p_embedding)
                )::text,
                hint = 'Pass the embedding model name with the query embedding.';
    end if;
    v_depth := greatest(2 * p_k, 40);

    -- The dimension is written into the statement so that the cast and the predicate match
    -- the partial HNSW index of that dimension (a parameter could not prove the predicate).
    if p_embedding is null then
        v_vector_sql := 'select null::bigint as id, null::float8 as score where false';
    else
        v_vector_sql := pg_catalog.format(
            $sql$
            select c.id, 1 - (c.embedding::extensions.vector(%1$s)
                operator(extensions.<=>) $2::extensions.vector(%1$s)) as score
            from app.kb_chunks as c
            where
                c.embedding_dim = %1$s
                and c.embedding_model = $3
                and ($4::text is null or c.language = $4)
            order by c.embedding::extensions.vector(%1$s)
                operator(extensions.<=>) $2::extensions.vector(%1$s)
            limit $5
            $sql$,
            extensions.vector_dims(p_embedding)
        );
    end if;

    return query execute pg_catalog.format(
        $sql$
        with
        vector_hits as (
            select h.id, h.score, pg_catalog.row_number() over (order by h.score desc) as rank
            from (%1$s) as h
        ),
        terms as (
            -- every word must match (AND): with OR, one common word (card, برج) put
            -- same-language chunks above the right one of the other language
            select
                pg_catalog.plainto_tsquery('pg_catalog.arabic', $1) as arabic,
                pg_catalog.plainto_tsquery('pg_catalog.simple', $1) as simple
        ),
        -- Each text list ranks at most 200 matches: ranking reads every match's tsvector, and
        -- a broad query (a card name) matches thousands of chunks at 100,000, where the rank
        -- of the text lists says little that the vector list does not.
        arabic_hits as (
            select h.id, h.score, pg_catalog.row_number() over (order by h.score desc, h.id) as rank
            from (
                select m.id, pg_catalog.ts_rank_cd(m.tsv, t.arabic) as score
                from (
                    select c.id, c.tsv_arabic as tsv
                    from app.kb_chunks as c, terms as t
                    where c.tsv_arabic @@ t.arabic and ($4::text is null or c.language = $4)
                    limit 200
                ) as m, terms as t
                order by score desc
                limit $5
            ) as h
        ),
        simple_hits as (
            select h.id, h.score, pg_catalog.row_number() over (order by h.score desc, h.id) as rank
            from (
                select m.id, pg_catalog.ts_rank_cd(m.tsv, t.simple) as score
                from (
                    select c.id, c.tsv_simple as tsv
                    from app.kb_chunks as c, terms as t
                    where c.tsv_simple @@ t.simple and ($4::text is null or c.language = $4)
                    limit 200
                ) as m, terms as t
                order by score desc
                limit $5
            ) as h
        ),
        trigram_hits as (
            -- names and misspellings are short; a long question never reaches the threshold
            select h.id, h.score, pg_catalog.row_number() over (order by h.score desc, h.id) as rank
            from (
                select c.id, extensions.word_similarity($1, d.title_normalised) as score
                from app.kb_docs as d
                inner join app.kb_chunks as c on d.id = c.doc_id
                where
                    pg_catalog.char_length($1) <= 60
                    and $1 operator(extensions.<%%) d.title_normalised
                    and ($4::text is null or c.language = $4)
                order by score desc, c.position
                limit $5
            ) as h
        ),
        fused as (
            select r.id, sum(1.0 / (60 + r.rank))::float8 as score
            from (
                select id, rank from vector_hits
                union all select id, rank from arabic_hits
                union all select id, rank from simple_hits
                union all select id, rank from trigram_hits
            ) as r
            group by r.id
            order by score desc, r.id
            limit $6
        )
        select
            c.id, d.id, d.title, c.position, c.text, c.language, d.source, d.licence,
            f.score, v.score, a.score, s.score, g.score
        from fused as f
        inner join app.kb_chunks as c on f.id = c.id
        inner join app.kb_docs as d on c.doc_id = d.id
        left join vector_hits as v on f.id = v.id
        left join arabic_hits as a on f.id = a.id
        left join simple_hits as s on f.id = s.id
        left join trigram_hits as g on f.id = g.id
        order by f.score desc, c.id
        $sql$,
        v_vector_sql
    ) using v_query, p_embedding, p_model, p_language, v_depth, p_k;
end;
$$;

comment on function app.kb_search(text, extensions.vector, text, text, integer) is
'Hybrid knowledge-base search (HNSW cosine of one model, full text arabic and simple, '
'trigram), fused by reciprocal rank, for readers and staff; no rate limit of its own. '
'Errors: USRBL, 42501, ASQRY, ASKOR, ASVEC, BADLG.';

revoke execute on function app.kb_search(text, extensions.vector, text, text, integer)
from public, anon;
grant execute on function app.kb_search(text, extensions.vector, text, text, integer)
to authenticated;
