-- page_cursor_after: the row a cursor of app.page_cursor points after, (at, id); both null
-- without a cursor. A cursor that is not one raises the caller's registered code, p_errcode
-- (ORDCR for list_orders, CLCUR for list_calls; detail {"cursor"}).
-- Stable, not immutable: a function that raises must not be folded while a query is planned.
create or replace function app.page_cursor_after(
    p_cursor text,
    p_errcode text,
    out after_at timestamptz,
    out after_id uuid
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if p_cursor is null then
        return;
    end if;
    begin
        select
            pg_catalog.split_part(c.plain, '|', 1)::timestamptz,
            pg_catalog.split_part(c.plain, '|', 2)::uuid
        into strict after_at, after_id
        from (
            select pg_catalog.convert_from(pg_catalog.decode(p_cursor, 'hex'), 'utf8') as plain
        ) as c;
    exception
        when others then
            raise exception 'Malformed cursor'
                using
                    errcode = p_errcode,
                    detail = pg_catalog.jsonb_build_object('cursor', p_cursor)::text,
                    hint = 'Pass next_cursor from the previous page unchanged.';
    end;
end;
$$;

comment on function app.page_cursor_after(text, text) is
'The (at, id) a keyset cursor points after; raises p_errcode (ORDCR, CLCUR) for a bad one.';

revoke execute on function app.page_cursor_after(text, text) from public, anon, service_role;
grant execute on function app.page_cursor_after(text, text) to authenticated;
