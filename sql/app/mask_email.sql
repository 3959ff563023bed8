-- mask_email: an email address as exports show it: the first two characters of the local part,
-- "***", then "@" and the domain (after the last "@"). At least one character of the local
-- part is always hidden, so a one- or two-character local part shows one character or none.
-- Text without a domain (no "@", or nothing after it) keeps only the same leading characters
-- and "***". Null stays null; an empty text stays empty.
--
-- One expression of plain string functions, no regular expression. It pins an empty search_path
-- like every function (lint 0011), so it is called, not inlined; the export views call it once
-- per person, not once per row (see docs/ops.md, "Masking").
create or replace function app.mask_email(p_email text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select
        case
            when p_email = '' then ''
            -- no "@": all of it is the local part
            when pg_catalog.strpos(p_email, '@') = 0
                then pg_catalog.left(p_email, least(2, pg_catalog.char_length(p_email) - 1)) || '***'
            -- the domain is split_part(.., -1), what follows the last "@"; the local part is
            -- what comes before it, char_length(p_email) - char_length(domain) - 1 characters
            else
                pg_catalog.left(
                    p_email,
                    greatest(0, least(
                        2,
                        pg_catalog.char_length(p_email)
                        - pg_catalog.char_length(pg_catalog.split_part(p_email, '@', -1)) - 2
                    ))
                )
                || '***'
                || case
                    when pg_catalog.split_part(p_email, '@', -1) = '' then ''
                    else '@' || pg_catalog.split_part(p_email, '@', -1)
                end
        end
$$;

comment on function app.mask_email(text) is
'An email as its first two characters (never the whole local part), "***" and "@domain".';

revoke execute on function app.mask_email(text) from public, anon, authenticated, service_role;
grant execute on function app.mask_email(text) to authenticated;
