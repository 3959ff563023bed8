-- requires: sql/app/normalise_search_text.sql
-- requires: sql/app/kb_search_check.sql
-- requires: sql/app/assist_require_user.sql
-- kb_search: hybrid search of the knowledge base, fused by reciprocal rank (RRF, k = 60).
-- Four ranked lists, each a bounded list of candidates (the constants below say how many):
--   - vector: cosine distance to p_embedding among chunks embedded by the same model and
--     dimension (never across models), through the partial HNSW index of that dimension and
--     language, one walk per language merged by distance;
--   - full text in the `arabic` and in the `simple` configuration, every word required
--     (ts_rank_cd over a bounded number of matches);
--   - trigram word similarity of the query to the chunk's document title (pg_trgm's `<%`, at
--     its default threshold 0.6), for queries of up to 60 characters: misspelt names. The
--     titles are read best first from their GiST index (`<<->`), the chunks of the best
--     documents in order.
-- Each list is one small statement whose plan PL/pgSQL caches, collected into arrays and
-- fused by one more; a single statement joining all four was planned anew on every call.
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
-- HNSW looks at 64 candidates per walk (pgvector's default is 40): recall@10 against exact
-- search 0.99 at 100,000 chunks (100 gave 0.999 for 15 % more time; bench/assist.py); the
-- iterative scan goes on looking when a language filter rejects what it found. Quoted,
-- because sqlfluff cannot parse a dotted setting name.
set "hnsw.ef_search" = 64
set "hnsw.iterative_scan" = relaxed_order
-- Generic plans for every statement, kept for the session: a query vector is a parameter
-- like any other, and planning the vector statement anew cost 0.6 ms a call against 0.1 ms.
set plan_cache_mode = force_generic_plan
as $$
declare
    -- RRF's constant: a list's rank r adds 1 / (60 + r), so no single list dominates
    c_rrf_k constant integer := 60;
    -- Candidates per list: the fused top k needs each list's top k and a margin for chunks
    -- that rank lower in several lists at once; below rank 40 a chunk adds under 1/100.
    c_min_depth constant integer := 40;
    -- Matches a text list ranks: ts_rank_cd reads each match's tsvector, and a name matches
    -- thousands of chunks at 100,000; past a hundred its order adds little to the fusion.
    c_text_matches constant integer := 100;
    -- Documents whose titles the trigram list considers (best first); each brings its chunks.
    c_trigram_docs constant integer := 20;
    -- Longest query the trigram list looks at: names are short, a question never reaches the
    -- threshold and would only cost the index a long walk.
    c_trigram_max_chars constant integer := 60;
    v_query text := app.normalise_search_text(p_query);
    v_depth integer;
    v_vector_sql text;
    v_arabic tsquery;
    v_simple tsquery;
    v_vector_ids bigint[] := '{}';
    v_vector_scores double precision[] := '{}';
    v_arabic_ids bigint[] := '{}';
    v_arabic_scores real[] := '{}';
    v_simple_ids bigint[] := '{}';
    v_simple_scores real[] := '{}';
    v_trigram_ids bigint[] := '{}';
    v_trigram_scores real[] := '{}';
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
    v_depth := greatest(2 * p_k, c_min_depth);

    -- vector: one HNSW walk per language (or only the filter's), merged by distance. The
    -- dimension and the language are written into each walk so that the cast and the
    -- predicates match the partial index of that dimension and language (a parameter could
    -- not prove them); one graph over both languages rarely led an Arabic question to the
    -- Arabic chunks nearest to it. The model must match too: vectors of two models are never
    -- compared. The bundled model's 512 dimensions have a static statement, whose plan
    -- PL/pgSQL keeps (the language filter is a one-time test on each walk); other dimensions
    -- build theirs, planned on every call.
    if p_embedding is not null and extensions.vector_dims(p_embedding) = 512 then
        select
            coalesce(pg_catalog.array_agg(h.id order by h.distance, h.id), '{}'),
            coalesce(pg_catalog.array_agg(1 - h.distance order by h.distance, h.id), '{}')
        into v_vector_ids, v_vector_scores
        from (
            select w.id, w.distance
            from (
                (
                    select
                        c.id,
                        c.embedding::extensions.vector(512)
                        operator(extensions.<=>) p_embedding::extensions.vector(512) as distance
                    from app.kb_chunks as c
                    where
                        c.embedding_dim = 512 and c.language = 'ar'
                        and c.embedding_model = p_model
                        and (p_language is null or p_language = 'ar')
                    order by c.embedding::extensions.vector(512)
                        operator(extensions.<=>) p_embedding::extensions.vector(512)
                    limit v_depth
                )
                union all
                (
                    select
                        c.id,
                        c.embedding::extensions.vector(512)
                        operator(extensions.<=>) p_embedding::extensions.vector(512) as distance
                    from app.kb_chunks as c
                    where
                        c.embedding_dim = 512 and c.language = 'en'
                        and c.embedding_model = p_model
                        and (p_language is null or p_language = 'en')
                    order by c.embedding::extensions.vector(512)
                        operator(extensions.<=>) p_embedding::extensions.vector(512)
                    limit v_depth
                )
            ) as w
            order by w.distance, w.id
            limit v_depth
        ) as h;
    elsif p_embedding is not null then
        select pg_catalog.string_agg(
            pg_catalog.format(
                $sql$(
                select
                    c.id,
                    c.embedding::extensions.vector(%1$s)
                    operator(extensions.<=>) $1::extensions.vector(%1$s) as distance
                from app.kb_chunks as c
                where c.embedding_dim = %1$s and c.language = %2$L and c.embedding_model = $2
                order by c.embedding::extensions.vector(%1$s)
                    operator(extensions.<=>) $1::extensions.vector(%1$s)
                limit $3
                )$sql$,
                extensions.vector_dims(p_embedding), l.language
            ),
            ' union all '
        )
        into v_vector_sql
        -- the languages of app.kb_chunks (its check), each with its own index
        from pg_catalog.unnest(
            case when p_language is null then array['ar', 'en'] else array[p_language] end
        ) as l (language);
        execute pg_catalog.format(
            $sql$
            select
                coalesce(pg_catalog.array_agg(h.id order by h.distance, h.id), '{}'),
                coalesce(pg_catalog.array_agg(1 - h.distance order by h.distance, h.id), '{}')
            from (
                select w.id, w.distance from (%s) as w order by w.distance, w.id limit $3
            ) as h
            $sql$,
            v_vector_sql
        ) into v_vector_ids, v_vector_scores
        using p_embedding, p_model, v_depth;
    end if;

    -- full text: every word must match (AND): with OR, one common word (card, برج) put
    -- same-language chunks above the right one of the other language. The first
    -- c_text_matches matches are ranked, not all of them.
    v_arabic := pg_catalog.plainto_tsquery('pg_catalog.arabic', v_query);
    v_simple := pg_catalog.plainto_tsquery('pg_catalog.simple', v_query);
    select
        coalesce(pg_catalog.array_agg(h.id order by h.score desc, h.id), '{}'),
        coalesce(pg_catalog.array_agg(h.score order by h.score desc, h.id), '{}')
    into v_simple_ids, v_simple_scores
    from (
        select m.id, pg_catalog.ts_rank_cd(m.tsv_simple, v_simple) as score
        from (
            select c.id, c.tsv_simple
            from app.kb_chunks as c
            where c.tsv_simple @@ v_simple and (p_language is null or c.language = p_language)
            limit c_text_matches
        ) as m
        order by score desc, m.id
        limit v_depth
    ) as h;
    -- A query of ASCII letters and signs only (no digit: the arabic stemmer writes
    -- Arabic-Indic digits as Latin ones) is read by the arabic configuration as by the simple
    -- one (its stemmer leaves Latin words as they are), so the simple list stands for both:
    -- the same matches ranked the same, at half the cost (a card name matches thousands of
    -- chunks, and each list pays for all of them in its index).
    if v_query ~ '^[^0-9\u0080-\U0010FFFF]*$' then
        v_arabic_ids := v_simple_ids;
        v_arabic_scores := v_simple_scores;
    else
        select
            coalesce(pg_catalog.array_agg(h.id order by h.score desc, h.id), '{}'),
            coalesce(pg_catalog.array_agg(h.score order by h.score desc, h.id), '{}')
        into v_arabic_ids, v_arabic_scores
        from (
            select m.id, pg_catalog.ts_rank_cd(m.tsv_arabic, v_arabic) as score
            from (
                select c.id, c.tsv_arabic
                from app.kb_chunks as c
                where
                    c.tsv_arabic @@ v_arabic
                    and (p_language is null or c.language = p_language)
                limit c_text_matches
            ) as m
            order by score desc, m.id
            limit v_depth
        ) as h;
    end if;

    -- trigram: the best titles first, straight from the GiST index, then their chunks in order
    if pg_catalog.char_length(v_query) <= c_trigram_max_chars then
        select
            coalesce(pg_catalog.array_agg(h.id order by h.score desc, h.doc, h.position), '{}'),
            coalesce(
                pg_catalog.array_agg(h.score order by h.score desc, h.doc, h.position), '{}'
            )
        into v_trigram_ids, v_trigram_scores
        from (
            select c.id, d.score, d.id as doc, c.position
            from (
                -- the best titles in the list's order, so that their chunks come out in order
                -- and the list stops at the first documents that fill it (one, mostly)
                -- instead of reading the chunks of all of them
                select b.id, b.score
                from (
                    select
                        t.id,
                        extensions.word_similarity(v_query, t.title_normalised) as score
                    from app.kb_docs as t
                    where v_query operator(extensions.<%) t.title_normalised
                    order by v_query operator(extensions.<<->) t.title_normalised
                    limit c_trigram_docs
                ) as b
                order by b.score desc, b.id
            ) as d
            cross join lateral (
                select c.id, c.position
                from app.kb_chunks as c
                where c.doc_id = d.id and (p_language is null or c.language = p_language)
                order by c.position
                limit v_depth
            ) as c
            order by d.score desc, d.id, c.position
            limit v_depth
        ) as h;
    end if;

    return query
    with
    vector_hits as (
        select v.id, v.score, v.rank
        from rows from (pg_catalog.unnest(v_vector_ids), pg_catalog.unnest(v_vector_scores))
            with ordinality as v (id, score, rank)
    ),
    arabic_hits as (
        select a.id, a.score, a.rank
        from rows from (pg_catalog.unnest(v_arabic_ids), pg_catalog.unnest(v_arabic_scores))
            with ordinality as a (id, score, rank)
    ),
    simple_hits as (
        select s.id, s.score, s.rank
        from rows from (pg_catalog.unnest(v_simple_ids), pg_catalog.unnest(v_simple_scores))
            with ordinality as s (id, score, rank)
    ),
    trigram_hits as (
        select g.id, g.score, g.rank
        from rows from (pg_catalog.unnest(v_trigram_ids), pg_catalog.unnest(v_trigram_scores))
            with ordinality as g (id, score, rank)
    ),
    fused as (
        select r.id, sum(1.0 / (c_rrf_k + r.rank))::float8 as score
        from (
            select vh.id, vh.rank from vector_hits as vh
            union all select ah.id, ah.rank from arabic_hits as ah
            union all select sh.id, sh.rank from simple_hits as sh
            union all select gh.id, gh.rank from trigram_hits as gh
        ) as r
        group by r.id
        order by score desc, r.id
        limit p_k
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
    order by f.score desc, c.id;
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
