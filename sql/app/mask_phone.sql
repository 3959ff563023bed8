-- mask_phone: a phone number as exports, logs and audit rows may show it: "+", at most its
-- first three digits (the country code, or part of it), "***", then its last two digits. The
-- fixed "***" hides how long the number is, and at least four digits are always hidden, so a
-- short number shows fewer leading digits. Anything that is not E.164 is "***" whole; null
-- stays null.
create or replace function app.mask_phone(p_phone text) returns text
language sql
immutable
security invoker
set search_path = ''
as $$
    select
        case
            when p_phone is null then null
            when p_phone !~ '^\+[1-9][0-9]{6,14}$' then '***'
            else
                '+'
                || pg_catalog.left(v.digits, v.shown)
                || '***'
                || pg_catalog.right(v.digits, 2)
        end
    from (
        select
            pg_catalog.substr(p_phone, 2) as digits,
            -- 7 digits show 1 at the front, 8 show 2, 9 and more show 3
            least(3, pg_catalog.length(p_phone) - 1 - 6) as shown
    ) as v
$$;

comment on function app.mask_phone(text) is
'A phone number as "+", at most its first three digits, "***" and its last two; never the full '
'number (at least four digits hidden); "***" for anything not E.164.';

revoke execute on function app.mask_phone(text) from public, anon, authenticated, service_role;
grant execute on function app.mask_phone(text) to authenticated;
