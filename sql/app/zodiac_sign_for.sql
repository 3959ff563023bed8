-- The sun sign of a birth date, read from app.zodiac_signs: the table (seeded by
-- supabase/seed_meta.sql from the one authored list in scripts/generate_seed_meta.py) is the
-- only home of the boundaries. A sign covers the (month, day) pairs from its start to its end,
-- both inclusive; a sign whose end comes before its start in the calendar (Capricorn) wraps
-- the year end. Comparing month * 100 + day, never dates, makes the year irrelevant and puts
-- 29 February (229) in the sign whose range holds it, with no special case.
-- Stable (it reads a table) and a plain SQL query on twelve rows, so the profiles_20 trigger
-- stays cheap; null for a null date, and null too before the reference rows exist.
create or replace function app.zodiac_sign_for(p_date date) returns text
language sql
stable
parallel safe
security invoker
set search_path = ''
as $$
    select z.code
    from
        app.zodiac_signs as z,
        lateral (
            select
                extract(month from p_date)::integer * 100
                + extract(day from p_date)::integer as md,
                z.start_month * 100 + z.start_day as first_md,
                z.end_month * 100 + z.end_day as last_md
        ) as v
    where
        case
            when v.first_md <= v.last_md then v.md between v.first_md and v.last_md
            else v.md >= v.first_md or v.md <= v.last_md
        end
    order by z.sort_order
    limit 1
$$;

comment on function app.zodiac_sign_for(date) is
'The tropical sun sign (zodiac_signs.code) of a birth date, by the boundaries in '
'app.zodiac_signs; null for null.';

revoke execute on function app.zodiac_sign_for(date) from public, anon;

grant execute on function app.zodiac_sign_for(date) to authenticated;

grant execute on function app.zodiac_sign_for(date) to service_role;
