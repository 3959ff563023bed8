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
            case
                when pg_catalog.strpos(p_email, '@') = 0 then p_email
                else pg_catalog.regexp_replace(p_email, '@[^@]*$', '')
            end as local,
            case
                when pg_catalog.strpos(p_email, '@') = 0 then ''
                else pg_catalog.regexp_replace(p_email, '^.*@', '')
            end as domain
    ) as v
$$;

comment on function app.mask_email(text) is
'An email as its first two characters (never the whole local part), "***" and "@domain".';

revoke execute on function app.mask_email(text) from public, anon, authenticated, service_role;
grant execute on function app.mask_email(text) to authenticated;
