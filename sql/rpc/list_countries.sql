-- list_countries: every country with its name in the requested language, for sign-up forms and
-- phone pickers. Callable by anon, authenticated and service_role; read-only (stable, invoker:
-- the countries policies decide what is visible).
-- Raises BADLG (app.assert_language, the language rule's one home) when p_language is not
-- 'ar' or 'en', BADSO when p_sort is not 'name' or 'dial_code' (detail {"value", "allowed"}).
create or replace function public.list_countries(
    p_language text default 'en',
    p_sort text default 'name'
)
returns table (
    alpha2 char(2),
    alpha3 char(3),
    name text,
    name_en text,
    name_ar text,
    dial_codes text[],
    default_time_zone text
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    perform app.assert_language(p_language);
    if p_sort is null or p_sort not in ('name', 'dial_code') then
        raise exception 'Unsupported sort %', coalesce(p_sort, 'null')
            using
                errcode = 'BADSO',
                detail = pg_catalog.jsonb_build_object(
                    'value', p_sort, 'allowed', pg_catalog.jsonb_build_array('name', 'dial_code')
                )::text,
                hint = 'Use ''name'' or ''dial_code''.';
    end if;
    return query
    select
        c.alpha2,
        c.alpha3,
        case when p_language = 'ar' then c.name_ar else c.name_en end,
        c.name_en,
        c.name_ar,
        c.dial_codes,
        c.default_time_zone
    from app.countries as c
    order by
        -- dial_code: by the numeric country calling code (+1 before +20 before +212),
        -- countries without one last
        case
            when p_sort = 'dial_code'
                then (substring(c.dial_codes[1] from '^\+?([0-9]+)'))::integer
        end nulls last,
        case when p_sort = 'dial_code' then c.dial_codes[1] end,
        case when p_language = 'ar' then c.name_ar else c.name_en end,
        c.alpha2;
end;
$$;

comment on function public.list_countries(text, text) is
'Countries with ISO codes, dial codes, default time zone and the name in p_language '
'(''ar''|''en''), sorted by p_sort (''name''|''dial_code''). Errors: BADLG, BADSO.';

revoke execute on function public.list_countries(text, text) from public;
grant execute on function public.list_countries(text, text) to anon;
grant execute on function public.list_countries(text, text) to authenticated;
grant execute on function public.list_countries(text, text) to service_role;
