-- text_language: the platform language a text is written in, by its letters: 'ar' when it has
-- more Arabic letters than Latin ones, otherwise 'en'. The one home of that guess: an order has
-- no language of its own and its reader may not read the client's profile, so drafts follow the
-- language of the question; a knowledge document or chunk added without a language takes its
-- text's (app.kb_add_document).
create or replace function app.text_language(p_text text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select
        case
            when
                pg_catalog.length(pg_catalog.regexp_replace(coalesce(p_text, ''), '[^ء-ي]', '', 'g'))
                > pg_catalog.length(
                    pg_catalog.regexp_replace(coalesce(p_text, ''), '[^A-Za-z]', '', 'g')
                )
                then 'ar'
            else 'en'
        end
$$;

comment on function app.text_language(text) is
'''ar'' when the text has more Arabic than Latin letters, else ''en''.';

revoke execute on function app.text_language(text) from public, anon;

grant execute on function app.text_language(text) to authenticated, service_role;
