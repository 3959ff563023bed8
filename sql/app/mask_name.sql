-- mask_name: a person's name reduced to initials, each word's first letter followed by ".",
-- words separated by one space ("Samia Ahmed" -> "S. A.", "سامية أحمد" -> "س. أ."). Words are
-- split on white space only; a name of nothing but white space, or null, is null.
create or replace function app.mask_name(p_name text) returns text
language sql
immutable
security invoker
set search_path = ''
as $$
    -- two regular expressions rather than splitting into rows: exports call this per person
    select nullif(
        pg_catalog.btrim(
            pg_catalog.regexp_replace(
                pg_catalog.regexp_replace(p_name, '(\S)\S*', '\1.', 'g'), '\s+', ' ', 'g'
            )
        ),
        ''
    )
$$;

comment on function app.mask_name(text) is
'A name reduced to initials ("Samia Ahmed" -> "S. A."); null for null or blank.';

revoke execute on function app.mask_name(text) from public, anon, authenticated, service_role;
grant execute on function app.mask_name(text) to authenticated;
