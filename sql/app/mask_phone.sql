-- mask_phone: a phone number as logs and audit rows may show it. An E.164 number keeps its
-- "+", at most its first three digits (the country code, or part of it) and its last two; every
-- other digit becomes "*", and at least four digits are always hidden, so the full number never
-- appears. Anything that is not E.164 is masked whole; null stays null.
create or replace function app.mask_phone(p_phone text) returns text
language sql
immutable
security invoker
set search_path = ''
as $$
    select
        case
            when p_phone is null then null
            when p_phone !~ '^\+[1-9][0-9]{6,14}$'
                then pg_catalog.repeat('*', pg_catalog.length(p_phone))
            else
                '+'
                || pg_catalog.left(v.digits, v.shown)
                || pg_catalog.repeat('*', pg_catalog.length(v.digits) - v.shown - 2)
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
'A phone number with all but its first (up to three) and last two digits replaced by "*"; '
'never the full number.';

revoke execute on function app.mask_phone(text) from public, anon, authenticated, service_role;
