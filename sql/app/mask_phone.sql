-- mask_phone: a phone number as exports, logs and audit rows may show it: "+", at most its
-- first three digits (the country code, or part of it), "***", then its last two digits. The
-- fixed "***" hides how long the number is, and at least four digits are always hidden, so a
-- short number shows fewer leading digits. Anything that is not E.164 ("+", a first digit 1-9,
-- 7 to 15 digits in all) is "***" whole; null stays null.
--
-- One expression of plain string functions, no regular expression. It pins an empty search_path
-- like every function (lint 0011), so it is called, not inlined; the export views call it once
-- per person, not once per row (see docs/ops.md, "Masking").
create or replace function app.mask_phone(p_phone text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select
        case
            when p_phone is null then null
            when
                pg_catalog.char_length(p_phone) not between 8 and 16
                or pg_catalog.left(p_phone, 1) <> '+'
                or pg_catalog.substr(p_phone, 2, 1) = '0'
                -- nothing but ASCII digits after the "+"
                or pg_catalog.btrim(pg_catalog.substr(p_phone, 2), '0123456789') <> ''
                then '***'
            -- "+" and 1 to 3 digits: 7 digits show 1 at the front, 8 show 2, 9 and more show 3
            else
                pg_catalog.left(p_phone, least(4, pg_catalog.char_length(p_phone) - 6))
                || '***'
                || pg_catalog.right(p_phone, 2)
        end
$$;

comment on function app.mask_phone(text) is
'A phone number as "+", at most its first three digits, "***" and its last two; never the full '
'number (at least four digits hidden); "***" for anything not E.164.';

revoke execute on function app.mask_phone(text) from public, anon, authenticated, service_role;
grant execute on function app.mask_phone(text) to authenticated;
