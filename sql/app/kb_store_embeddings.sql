-- requires: sql/app/kb_embedding_is_valid.sql
-- kb_store_embeddings: a re-embed writes a batch of new vectors, each with the model that
-- made it and its dimension (the table's check keeps the three together). p_chunks is a JSON
-- array of {"id": chunk id, "embedding": [numbers]}; every vector of one batch has the same
-- dimension. Writing a chunk again with the same model is harmless, so a batch repeated after
-- a stop changes nothing new. Search compares a query only with vectors of its own model, so
-- while a re-embed runs the new model sees the chunks done so far and never an old vector.
-- Only the embedding columns change; the text and its search columns stay. Platform only (the
-- database owner, through `samia kb reembed`); no API role. Returns the chunks written.
-- Raises KBBAD (no model, a batch that is not such an array, or vectors of mixed dimensions;
-- detail names the field).
create or replace function app.kb_store_embeddings(p_model text, p_chunks jsonb)
returns integer
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_bad text;
    v_count integer;
begin
    v_bad := case
        when coalesce(pg_catalog.btrim(p_model), '') = '' then 'model'
        when pg_catalog.jsonb_typeof(p_chunks) is distinct from 'array' then 'chunks'
    end;
    if v_bad is null then
        select pg_catalog.format('chunks[%s]', c.i - 1) into v_bad
        from pg_catalog.jsonb_array_elements(p_chunks) with ordinality as c (chunk, i)
        where
            pg_catalog.jsonb_typeof(c.chunk -> 'id') is distinct from 'number'
            or not app.kb_embedding_is_valid(c.chunk -> 'embedding')
            or pg_catalog.jsonb_array_length(c.chunk -> 'embedding')
            <> pg_catalog.jsonb_array_length(p_chunks -> 0 -> 'embedding')
        order by c.i
        limit 1;
    end if;
    if v_bad is not null then
        raise exception 'Invalid re-embed batch: %', v_bad
            using
                errcode = 'KBBAD',
                detail = pg_catalog.jsonb_build_object('field', v_bad)::text,
                hint = 'Send the model and [{"id", "embedding": [numbers]}], one dimension.';
    end if;

    update app.kb_chunks as c
    set
        embedding = (e.chunk ->> 'embedding')::extensions.vector,
        embedding_model = p_model,
        embedding_dim = pg_catalog.jsonb_array_length(e.chunk -> 'embedding')
    from pg_catalog.jsonb_array_elements(p_chunks) as e (chunk)
    where c.id = (e.chunk ->> 'id')::bigint;
    get diagnostics v_count = row_count;
    return v_count;
end;
$$;

comment on function app.kb_store_embeddings(text, jsonb) is
'Writes re-embedded vectors with their model and dimension. Errors: KBBAD.';

revoke execute on function app.kb_store_embeddings(text, jsonb)
from public, anon, authenticated, service_role;
