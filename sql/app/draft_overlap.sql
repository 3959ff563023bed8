-- requires: sql/app/draft_words.sql

-- draft_overlap: how much of a text came from a draft, as a share of the text's words (0..1).
-- A word of the text counts as taken from the draft when it lies in a run of three consecutive
-- words (a word trigram, app.draft_words) that the draft also contains; texts of one or two
-- words compare single words. Runs of three, not single words, so that the common words any
-- two readings share ("the", "في", "card") do not count as copying, while a copied sentence
-- counts in full and an edited one in the parts left standing. Null for a text without words.
-- Measured on the text, not the draft: a short result lifted from a long draft is all draft.
create or replace function app.draft_overlap(p_text text, p_draft text) returns real
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    with words as (
        select
            app.draft_words(p_text) as t,
            app.draft_words(p_draft) as d
    ),

    sized as (
        select
            w.t,
            w.d,
            case when pg_catalog.cardinality(w.t) >= 3 then 3 else 1 end as k
        from words as w
    ),

    draft_grams as (
        select distinct pg_catalog.array_to_string(s.d[i:i + s.k - 1], ' ') as gram
        from sized as s
        cross join pg_catalog.generate_series(1, pg_catalog.cardinality(s.d) - s.k + 1) as i
    ),

    hits as (
        select
            i as start,
            s.k
        from sized as s
        cross join pg_catalog.generate_series(1, pg_catalog.cardinality(s.t) - s.k + 1) as i
        where pg_catalog.array_to_string(s.t[i:i + s.k - 1], ' ') in (
            select g.gram from draft_grams as g
        )
    )

    select
        case
            when pg_catalog.cardinality(s.t) = 0 then null
            else (
                select pg_catalog.count(distinct h.start + o)
                from hits as h
                cross join pg_catalog.generate_series(0, h.k - 1) as o
            )::real / pg_catalog.cardinality(s.t)
        end
    from sized as s
$$;

comment on function app.draft_overlap(text, text) is
'Share (0..1) of the text''s words that lie in a word trigram the draft also has; null '
'without words.';

revoke execute on function app.draft_overlap(text, text) from public, anon;

grant execute on function app.draft_overlap(text, text) to authenticated, service_role;
