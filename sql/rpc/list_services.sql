-- list_services: the active services with name and description in the requested language and
-- the price in minor units. Callable by anon, authenticated and service_role; read-only.
-- Raises BADLG (app.assert_language, the language rule's one home) when p_language is not
-- 'ar' or 'en'.
create or replace function public.list_services(p_language text default 'en')
returns table (
    code text,
    name text,
    description text,
    name_en text,
    name_ar text,
    description_en text,
    description_ar text,
    price_minor integer,
    currency char(3),
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
        s.code,
        case when p_language = 'ar' then s.name_ar else s.name_en end,
        case when p_language = 'ar' then s.description_ar else s.description_en end,
        s.name_en,
        s.name_ar,
        s.description_en,
        s.description_ar,
        s.price_minor,
        s.currency,
        s.sort_order
    from app.services as s
    where s.is_active
    order by s.sort_order, s.code;
end;
$$;

comment on function public.list_services(text) is
'Active services with the name and description in p_language (''ar''|''en'') and the price '
'in minor units plus currency. Errors: BADLG.';

revoke execute on function public.list_services(text) from public;
grant execute on function public.list_services(text) to anon;
grant execute on function public.list_services(text) to authenticated;
grant execute on function public.list_services(text) to service_role;
