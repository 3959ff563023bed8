-- How the profile's free-text fields are normalised before they are checked and stored: runs
-- of white space become one space, and the ends are trimmed.
create or replace function app.squish(p_text text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select pg_catalog.btrim(pg_catalog.regexp_replace(p_text, '\s+', ' ', 'g'))
$$;

comment on function app.squish(text) is
'p_text with runs of white space folded to one space and the ends trimmed; null for null.';

revoke execute on function app.squish(text) from public, anon;

grant execute on function app.squish(text) to authenticated;

grant execute on function app.squish(text) to service_role;
