-- A pure function of month and day, so it works before the zodiac_signs reference rows exist.
-- Boundaries: the tropical sun-sign dates the product uses (Aries Mar 21 - Apr 19 ... Pisces
-- Feb 19 - Mar 20); Feb 29 falls in Pisces.
create or replace function app.zodiac_sign_for(p_date date) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select case
        when p_date is null then null
        when v.md between 321 and 419 then 'aries'
        when v.md between 420 and 520 then 'taurus'
        when v.md between 521 and 620 then 'gemini'
        when v.md between 621 and 722 then 'cancer'
        when v.md between 723 and 822 then 'leo'
        when v.md between 823 and 922 then 'virgo'
        when v.md between 923 and 1022 then 'libra'
        when v.md between 1023 and 1121 then 'scorpio'
        when v.md between 1122 and 1221 then 'sagittarius'
        when v.md >= 1222 or v.md <= 119 then 'capricorn'
        when v.md between 120 and 218 then 'aquarius'
        else 'pisces'
    end
    from (
        select
            extract(month from p_date)::integer * 100
            + extract(day from p_date)::integer as md
    ) as v
$$;

comment on function app.zodiac_sign_for(date) is
'The tropical sun sign (zodiac_signs.code) of a birth date; null for null.';

revoke execute on function app.zodiac_sign_for(date) from public, anon;

grant execute on function app.zodiac_sign_for(date) to authenticated;

grant execute on function app.zodiac_sign_for(date) to service_role;
