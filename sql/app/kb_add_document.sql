-- requires: sql/app/kb_content_hash.sql
-- requires: sql/app/assert_language.sql
-- requires: sql/app/text_language.sql
-- requires: sql/app/kb_embedding_is_valid.sql
-- kb_add_document: stores a document and its embedded chunks in one step, idempotent on the
-- content hash: the same text again returns the existing document ("created": false) and
-- writes nothing. p_chunks is a JSON array in document order of
-- {"text": ..., "language": "ar"|"en", "embedding": [numbers] or null}. A null p_language is
-- the text's own (app.text_language, the one home of that guess), and then a chunk without a
-- language gets its own text's; with p_language, such a chunk gets p_language.
-- every embedding was made by p_model. Invoker: the policies of app.kb_docs and app.kb_chunks
-- decide who may write (admins); public.assist_knowledge_add checks the role first, and the
-- platform (samia kb add / kb seed, as the database owner) calls this directly.
-- Raises KBBAD (a field or chunk out of shape; detail names it), BADLG, 42501 (RLS).
create or replace function app.kb_add_document(
    p_title text,
    p_language text,
    p_source text,
    p_licence text,
    p_content text,
    p_model text,
    p_chunks jsonb
) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_hash text;
    v_doc_id uuid;
    v_bad text;
    v_count integer;
    v_language text;
begin
    v_language := app.assert_language(coalesce(p_language, app.text_language(p_content)));
    v_bad := case
        when pg_catalog.char_length(pg_catalog.btrim(coalesce(p_title, ''))) not between 1 and 300
            then 'title'
        when pg_catalog.char_length(pg_catalog.btrim(coalesce(p_source, ''))) not between 1 and 500
            then 'source'
        when pg_catalog.char_length(pg_catalog.btrim(coalesce(p_licence, ''))) not between 1 and 200
            then 'licence'
        when pg_catalog.btrim(coalesce(p_content, '')) = '' then 'content'
        when pg_catalog.jsonb_typeof(p_chunks) is distinct from 'array'
            or pg_catalog.jsonb_array_length(p_chunks) = 0 then 'chunks'
    end;
    if v_bad is null then
        -- the first chunk that is not {"text": 1..4000 characters, "language"?, "embedding"?}
        select pg_catalog.format('chunks[%s]', c.i - 1) into v_bad
        from pg_catalog.jsonb_array_elements(p_chunks) with ordinality as c (chunk, i)
        where
            pg_catalog.jsonb_typeof(c.chunk -> 'text') is distinct from 'string'
            or pg_catalog.char_length(c.chunk ->> 'text') not between 1 and 4000
            or pg_catalog.jsonb_typeof(c.chunk -> 'language') not in ('string', 'null')
            or (c.chunk ->> 'language') not in ('ar', 'en')
            or pg_catalog.jsonb_typeof(c.chunk -> 'embedding') not in ('array', 'null')
            or (
                pg_catalog.jsonb_typeof(c.chunk -> 'embedding') = 'array'
                and (
                    coalesce(pg_catalog.btrim(p_model), '') = ''
                    or not app.kb_embedding_is_valid(c.chunk -> 'embedding')
                )
            )
        order by c.i
        limit 1;
    end if;
    if v_bad is not null then
        raise exception 'Invalid knowledge-base document: %', v_bad
            using
                errcode = 'KBBAD',
                detail = pg_catalog.jsonb_build_object('field', v_bad)::text,
                hint = 'A title (1..300), source (1..500), licence (1..200), the text, and '
                || 'chunks [{"text" (1..4000), "language"?, "embedding"? with its model}].';
    end if;

    v_hash := app.kb_content_hash(p_content);
    -- `do nothing`: the same text is already there (or a concurrent call just added it, which
    -- is just as good); the existing document is the answer.
    insert into app.kb_docs as d (title, language, source, licence, added_by, content_hash)
    values (
        pg_catalog.btrim(p_title), v_language, pg_catalog.btrim(p_source),
        pg_catalog.btrim(p_licence), (select auth.uid()), v_hash
    )
    on conflict (content_hash) do nothing
    returning d.id into v_doc_id;
    if v_doc_id is null then
        select d.id into v_doc_id from app.kb_docs as d where d.content_hash = v_hash;
        return pg_catalog.jsonb_build_object(
            'doc_id', v_doc_id, 'created', false, 'chunks', 0, 'content_hash', v_hash
        );
    end if;

    insert into app.kb_chunks (
        doc_id, position, text, language, embedding, embedding_model, embedding_dim
    )
    select
        v_doc_id,
        (c.i - 1)::integer,
        c.chunk ->> 'text',
        coalesce(c.chunk ->> 'language', p_language, app.text_language(c.chunk ->> 'text')),
        (c.chunk ->> 'embedding')::extensions.vector,
        case when pg_catalog.jsonb_typeof(c.chunk -> 'embedding') = 'array' then p_model end,
        pg_catalog.jsonb_array_length(
            case when pg_catalog.jsonb_typeof(c.chunk -> 'embedding') = 'array'
                then c.chunk -> 'embedding' end
        )
    from pg_catalog.jsonb_array_elements(p_chunks) with ordinality as c (chunk, i);
    get diagnostics v_count = row_count;
    return pg_catalog.jsonb_build_object(
        'doc_id', v_doc_id, 'created', true, 'chunks', v_count, 'content_hash', v_hash
    );
end;
$$;

comment on function app.kb_add_document(text, text, text, text, text, text, jsonb) is
'Stores a knowledge-base document with its embedded chunks; idempotent on the content hash. '
'Errors: KBBAD, BADLG, 42501.';

revoke execute on function app.kb_add_document(text, text, text, text, text, text, jsonb)
from public, anon;
grant execute on function app.kb_add_document(text, text, text, text, text, text, jsonb)
to authenticated;
