-- normalise_search_text: the one normalisation of knowledge-base text, used when a chunk is
-- indexed (trigger kb_chunks_10_derive_search_columns) and when a query is searched
-- (app.kb_search), so both sides always agree. PostgreSQL's `arabic` stemmer alone does not
-- merge spelling variants, so this:
--   - strips Arabic diacritics (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks)
--     and tatweel;
--   - unifies the alef forms أ إ آ ٱ into ا, ى into ي and ة into ه;
--   - strips a leading و or ف before ال when two letters or more follow (والحب, فالحب ->
--     الحب), as light stemmers do, so that والد (father) keeps its و;
--   - lower-cases (Latin letters; Arabic has no case) and squeezes white space.
-- Immutable: it depends on its argument only, so index expressions may use it too.
create or replace function app.normalise_search_text(p_text text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select pg_catalog.btrim(pg_catalog.regexp_replace(
        pg_catalog.regexp_replace(
            pg_catalog.translate(
                pg_catalog.regexp_replace(
                    pg_catalog.lower(p_text),
                    '[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]', '', 'g'
                ),
                'أإآٱىة', 'اااايه'
            ),
            '(^|[^\u0621-\u064A])[وف](ال[\u0621-\u064A]{2})', '\1\2', 'g'
        ),
        '\s+', ' ', 'g'
    ))
$$;

comment on function app.normalise_search_text(text) is
'Knowledge-base search normalisation: Arabic diacritics and tatweel stripped, alef forms, '
'ى/ي and ة/ه unified, و/ف before ال stripped, lower case, single spaces.';

revoke execute on function app.normalise_search_text(text) from public, anon;
grant execute on function app.normalise_search_text(text) to authenticated, service_role;
