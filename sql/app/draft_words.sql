-- draft_words: the words of a text as draft provenance compares them: lower-cased, Arabic
-- diacritics (harakat, U+064B..U+0652) and tatweel removed, split at anything that is not a
-- Latin or Arabic letter or a digit. The classes are spelled out as code points rather than
-- [[:alnum:]], whose meaning for Arabic depends on the database's locale.
create or replace function app.draft_words(p_text text) returns text[]
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select coalesce(pg_catalog.array_agg(w.word order by w.n), '{}'::text[])
    from pg_catalog.regexp_split_to_table(
        pg_catalog.lower(
            pg_catalog.regexp_replace(coalesce(p_text, ''), '[\u064b-\u0652\u0640]', '', 'g')
        ),
        '[^0-9a-z\u00df-\u024f\u0621-\u063a\u0641-\u064a\u0660-\u0669\u0671-\u06d3]+'
    ) with ordinality as w (word, n)
    where w.word <> ''
$$;

comment on function app.draft_words(text) is
'The words of a text for draft provenance: lower case, no Arabic diacritics or tatweel.';

revoke execute on function app.draft_words(text) from public, anon;

grant execute on function app.draft_words(text) to authenticated, service_role;
