-- mask_name: a person's name reduced to initials, each word's first letter followed by ".",
-- words separated by one space ("Samia Ahmed" -> "S. A.", "سامية أحمد" -> "س. أ."). Words are
-- split on white space only; a name of nothing but white space, or null, is null.
--
-- One expression with an empty search_path like every function (lint 0011); the export views
-- call it once per person (see docs/ops.md, "Masking"). Words of any number need one regular
-- expression: each word with the white space around it becomes its first letter, "." and a
-- space; the last space is trimmed.
create or replace function app.mask_name(p_name text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select nullif(
        pg_catalog.rtrim(pg_catalog.regexp_replace(p_name, '\s*(\S)\S*\s*', '\1. ', 'g'), ' '),
        ''
    )
$$;

comment on function app.mask_name(text) is
'A name reduced to initials ("Samia Ahmed" -> "S. A."); null for null or blank.';

revoke execute on function app.mask_name(text) from public, anon, authenticated, service_role;
grant execute on function app.mask_name(text) to authenticated;
