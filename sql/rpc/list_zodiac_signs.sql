-- list_zodiac_signs: the twelve sun signs in calendar order with their names in the requested
-- language and date ranges. Callable by anon, authenticated and service_role; read-only.
-- Raises BADLG (app.assert_language, the language rule's one home) when p_language is not
-- 'ar' or 'en'.
create or replace function public.list_zodiac_signs(p_language text default 'en')
returns table (
    code text,
    name text,
    name_en text,
    name_ar text,
    start_month smallint,
    start_day smallint,
    end_month smallint,
    end_day smallint,
    element text,
    sort_order smallint
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    perform app.assert_language(p_language);
    return query
    select
        z.code,
        case when p_language = 'ar' then z.name_ar else z.name_en end,
        z.name_en,
        z.name_ar,
        z.start_month,
        z.start_day,
        z.end_month,
        z.end_day,
        z.element,
        z.sort_order
    from app.zodiac_signs as z
    order by z.sort_order;
end;
$$;

comment on function public.list_zodiac_signs(text) is
'Zodiac signs in sort_order with the name in p_language (''ar''|''en''). Errors: BADLG.';

revoke execute on function public.list_zodiac_signs(text) from public;
grant execute on function public.list_zodiac_signs(text) to anon;
grant execute on function public.list_zodiac_signs(text) to authenticated;
grant execute on function public.list_zodiac_signs(text) to service_role;
