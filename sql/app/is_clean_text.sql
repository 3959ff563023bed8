-- What a stored free-text profile field may be (names, place of birth): not empty, at most
-- p_max_length characters, no control characters. Null stays null (the caller decides
-- whether a missing value is allowed).
create or replace function app.is_clean_text(p_text text, p_max_length integer) returns boolean
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select
        p_text <> ''
        and pg_catalog.char_length(p_text) <= p_max_length
        and p_text !~ '[[:cntrl:]]'
$$;

comment on function app.is_clean_text(text, integer) is
'True when p_text is non-empty, at most p_max_length characters and free of control '
'characters; null for null.';

revoke execute on function app.is_clean_text(text, integer) from public, anon;

grant execute on function app.is_clean_text(text, integer) to authenticated;

grant execute on function app.is_clean_text(text, integer) to service_role;
