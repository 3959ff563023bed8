-- kb_chunks_to_embed: the one rule of which chunks a re-embed must (re)do for the model
-- p_model of p_dimension: every chunk without a vector, or whose vector another model or
-- dimension made. Oldest first, at most p_limit (null: all). `samia kb reembed` asks it
-- for the next batch until it answers nothing, so a stopped run resumes where it was and a
-- finished one finds nothing to do. Platform only (the database owner); no API role.
-- Raises KBBAD (no model, or a dimension outside 1..16000; detail names the field).
create or replace function app.kb_chunks_to_embed(
    p_model text,
    p_dimension integer,
    p_limit integer default null
) returns table (chunk_id bigint, chunk_text text)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if coalesce(pg_catalog.btrim(p_model), '') = '' or p_dimension is null
        or p_dimension not between 1 and 16000 then
        raise exception 'A re-embed needs the model and its dimension (1..16000)'
            using
                errcode = 'KBBAD',
                detail = pg_catalog.jsonb_build_object(
                    'field',
                    case when coalesce(pg_catalog.btrim(p_model), '') = '' then 'model'
                        else 'dimension' end
                )::text,
                hint = 'Pass the configured embedding model and its dimension.';
    end if;
    return query
    select c.id, c.text
    from app.kb_chunks as c
    where
        c.embedding is null
        or c.embedding_model is distinct from p_model
        or c.embedding_dim is distinct from p_dimension
    order by c.id
    limit p_limit;
end;
$$;

comment on function app.kb_chunks_to_embed(text, integer, integer) is
'Chunks without a vector of the given model and dimension, oldest first (the re-embed''s '
'work list). Errors: KBBAD.';

revoke execute on function app.kb_chunks_to_embed(text, integer, integer)
from public, anon, authenticated, service_role;
