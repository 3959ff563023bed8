-- requires: sql/app/normalise_search_text.sql

-- draft_words: the words of a text as draft provenance compares them. The text passes through
-- the knowledge base's one normalisation (app.normalise_search_text: lower case, Arabic
-- diacritics and tatweel gone, spelling variants unified), then splits at anything that is not
-- a Latin or Arabic letter or a digit. The classes are spelled out as code points rather than
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
        app.normalise_search_text(coalesce(p_text, '')),
        '[^0-9a-z\u00df-\u024f\u0621-\u063a\u0641-\u064a\u0660-\u0669\u0671-\u06d3]+'
    ) with ordinality as w (word, n)
    where w.word <> ''
$$;

comment on function app.draft_words(text) is
'The words of a text for draft provenance, normalised as the knowledge base''s search text.';

revoke execute on function app.draft_words(text) from public, anon;

grant execute on function app.draft_words(text) to authenticated, service_role;
