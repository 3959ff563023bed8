-- mask_email: an email address as exports show it: the first two characters of the local part,
-- "***", then "@" and the domain (after the last "@"). At least one character of the local
-- part is always hidden, so a one- or two-character local part shows one character or none.
-- Text without a domain (no "@", or nothing after it) keeps only the same leading characters
-- and "***". Null stays null; an empty text stays empty.
create or replace function app.mask_email(p_email text) returns text
language sql
immutable
security invoker
set search_path = ''
as $$
    -- local part and domain in one match: the domain is what follows the last "@"
    select
        case
            when p_email is null then null
            when p_email = '' then ''
            else
                pg_catalog.left(v.local, least(2, pg_catalog.char_length(v.local) - 1))
                || '***'
                || case when v.domain <> '' then '@' || v.domain else '' end
        end
    from (
        select
            coalesce(m.parts[1], p_email) as local,
            coalesce(m.parts[2], '') as domain
        from (select pg_catalog.regexp_match(p_email, '^(.*)@([^@]*)$') as parts) as m
    ) as v
$$;

comment on function app.mask_email(text) is
'An email as its first two characters (never the whole local part), "***" and "@domain".';

revoke execute on function app.mask_email(text) from public, anon, authenticated, service_role;
grant execute on function app.mask_email(text) to authenticated;
