-- requires: sql/app/normalise_search_text.sql
-- requires: sql/app/assert_language.sql
-- kb_search_check: the one rule of what a knowledge-base search may ask: a query of 1 to 1000
-- characters with something left after normalisation, k from 1 to 50, a language of ar or en
-- (or none). app.kb_search asks it, and so does app.assist_search_begin, so that a search the
-- database would refuse is refused before anything embeds its query.
-- Raises ASQRY, ASKOR, BADLG.
create or replace function app.kb_search_check(
    p_query text,
    p_language text,
    p_k integer
) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if
        p_query is null
        or pg_catalog.char_length(p_query) > 1000
        or app.normalise_search_text(p_query) = ''
    then
        raise exception 'The search query must have 1 to 1000 characters'
            using
                errcode = 'ASQRY',
                detail = pg_catalog.jsonb_build_object(
                    'length', pg_catalog.char_length(p_query), 'maximum', 1000
                )::text,
                hint = 'Send a question or a few words.';
    end if;
    if p_k is null or p_k < 1 or p_k > 50 then
        raise exception 'k must be between 1 and 50'
            using
                errcode = 'ASKOR',
                detail = pg_catalog.jsonb_build_object('k', p_k, 'minimum', 1, 'maximum', 50)::text,
                hint = 'Ask for 1 to 50 results.';
    end if;
    if p_language is not null then
        perform app.assert_language(p_language);
    end if;
end;
$$;

comment on function app.kb_search_check(text, text, integer) is
'Checks a knowledge-base search''s query (1..1000 characters), k (1..50) and language. '
'Errors: ASQRY, ASKOR, BADLG.';

revoke execute on function app.kb_search_check(text, text, integer) from public, anon;
grant execute on function app.kb_search_check(text, text, integer) to authenticated;
