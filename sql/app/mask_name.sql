-- mask_name: a person's name reduced to initials, each word's first letter followed by ".",
-- words separated by one space ("Samia Ahmed" -> "S. A.", "سامية أحمد" -> "س. أ."). Words are
-- split on white space only; a name of nothing but white space, or null, is null.
create or replace function app.mask_name(p_name text) returns text
language sql
immutable
security invoker
set search_path = ''
as $$
    select nullif(
        pg_catalog.array_to_string(
            array(
                select pg_catalog.left(w.word, 1) || '.'
                from pg_catalog.regexp_split_to_table(pg_catalog.btrim(p_name), '\s+')
                    with ordinality as w (word, n)
                where w.word <> ''
                order by w.n
            ),
            ' '
        ),
        ''
    )
$$;

comment on function app.mask_name(text) is
'A name reduced to initials ("Samia Ahmed" -> "S. A."); null for null or blank.';

revoke execute on function app.mask_name(text) from public, anon, authenticated, service_role;
grant execute on function app.mask_name(text) to authenticated;
