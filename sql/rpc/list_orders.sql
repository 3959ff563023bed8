-- list_orders: the caller's orders, newest first, one page at a time: a client their own, a
-- reader their assignments, monitors, admins and superadmins every order (RLS decides, the
-- role-specific filter lets the planner use the (client_id|reader_id, created_at, id) indexes).
-- Keyset pagination: pass back next_cursor (opaque, app.page_cursor) for the next page; it is
-- null on the last. Callable by authenticated. Raises ORDLS (unknown status), ORDLM (p_limit
-- not 1..100, app.check_page_size), ORDCR (malformed cursor, app.page_cursor_after).
create or replace function public.list_orders(
    p_status text default null,
    p_limit integer default 20,
    p_cursor text default null
)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_user_id uuid := auth.uid();
    v_role text := app.current_role();
    v_status app.order_status;
    v_after_at timestamptz;
    v_after_id uuid;
    v_order app.orders;
    v_last app.orders;
    v_items jsonb := '[]'::jsonb;
    v_count integer := 0;
    v_more boolean := false;
begin
    if p_status is not null then
        if not p_status = any(pg_catalog.enum_range(null::app.order_status)::text[]) then
            raise exception 'Unknown order status %', p_status
                using
                    errcode = 'ORDLS',
                    detail = pg_catalog.jsonb_build_object('status', p_status)::text,
                    hint = 'Use one of new, assigned, in_progress, awaiting_approval, approved, '
                    'rejected, delivered, cancelled.';
        end if;
        v_status := p_status::app.order_status;
    end if;
    perform app.check_page_size(p_limit, 100, 'ORDLM');
    select c.after_at, c.after_id into v_after_at, v_after_id
    from app.page_cursor_after(p_cursor, 'ORDCR') as c;

    for v_order in
        select o.*
        from app.orders as o
        where
            (v_role is distinct from 'client' or o.client_id = v_user_id)
            and (v_role is distinct from 'reader' or o.reader_id = v_user_id)
            and (v_status is null or o.status = v_status)
            and (v_after_id is null or (o.created_at, o.id) < (v_after_at, v_after_id))
        order by o.created_at desc, o.id desc
        limit p_limit + 1
    loop
        v_count := v_count + 1;
        if v_count > p_limit then
            v_more := true;
            exit;
        end if;
        v_items := v_items || pg_catalog.jsonb_build_array(app.order_json(v_order));
        v_last := v_order;
    end loop;

    return pg_catalog.jsonb_build_object(
        'orders', v_items,
        'next_cursor', case when v_more then app.page_cursor(v_last.created_at, v_last.id) end
    );
end;
$$;

comment on function public.list_orders(text, integer, text) is
'A page of the caller''s visible orders, newest first: {"orders": [...], "next_cursor": text|null}. '
'Errors: ORDLS, ORDLM (limit 1..100), ORDCR.';

revoke execute on function public.list_orders(text, integer, text) from public, anon;
grant execute on function public.list_orders(text, integer, text) to authenticated;
