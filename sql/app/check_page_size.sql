-- check_page_size: the one rule for the page size a list takes: 1 to p_max rows. Each list
-- keeps its own registered code, passed as p_errcode (ORDLM for list_orders, CLLIM for
-- list_my_calls, CLSIZ for list_calls); detail is {"limit", "max_limit"}.
-- Stable, not immutable: a function that raises must not be folded while a query is planned.
create or replace function app.check_page_size(
    p_limit integer,
    p_max integer,
    p_errcode text
) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if p_limit is null or p_limit not between 1 and p_max then
        raise exception 'The page size must be between 1 and %', p_max
            using
                errcode = p_errcode,
                detail = pg_catalog.jsonb_build_object('limit', p_limit, 'max_limit', p_max)::text,
                hint = pg_catalog.format('Ask for 1 to %s rows a page.', p_max);
    end if;
end;
$$;

comment on function app.check_page_size(integer, integer, text) is
'Checks a page size: 1 to p_max; raises p_errcode (ORDLM, CLLIM, CLSIZ).';

revoke execute on function app.check_page_size(integer, integer, text)
from public, anon, service_role;
grant execute on function app.check_page_size(integer, integer, text) to authenticated;
