-- kb_embedding_is_valid: the one rule of what an embedding sent as JSON looks like: an
-- array of 1 to 16,000 numbers (pgvector's limit). Used by app.kb_add_document for new
-- chunks and by app.kb_store_embeddings for a re-embed.
create or replace function app.kb_embedding_is_valid(p_embedding jsonb) returns boolean
language sql
immutable
security invoker
set search_path = ''
as $$
    select coalesce(
        pg_catalog.jsonb_typeof(p_embedding) = 'array'
        and pg_catalog.jsonb_array_length(p_embedding) between 1 and 16000
        and not pg_catalog.jsonb_path_exists(p_embedding, '$[*] ? (@.type() != "number")'),
        false
    )
$$;

comment on function app.kb_embedding_is_valid(jsonb) is
'True when a JSON embedding is an array of 1 to 16000 numbers.';

revoke execute on function app.kb_embedding_is_valid(jsonb) from public, anon;
grant execute on function app.kb_embedding_is_valid(jsonb) to authenticated;
