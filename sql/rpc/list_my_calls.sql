-- list_my_calls: the caller's calls, as their client or their reader: by default those not yet
-- over, soonest first; with p_include_past every call, newest first; at most p_limit (1..200).
-- Each call carries its slot as instants and as wall-clock time in the caller's own time zone
-- (their profile's; a reader without one, their availability's; else UTC), so client and
-- reader each read the same call in their own time. Callable by authenticated clients and
-- readers. Raises USRBL (caller blocked), 42501 (other roles: staff use list_calls), CLLIM
-- (p_limit not 1..200, app.check_page_size).
create or replace function public.list_my_calls(
    p_include_past boolean default false,
    p_limit integer default 50
)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_time_zone text;
begin
    perform app.require_role('client', 'reader');
    perform app.check_page_size(p_limit, 200, 'CLLIM');
    v_time_zone := app.profile_time_zone((select auth.uid()));
    return pg_catalog.jsonb_build_object(
        'time_zone', v_time_zone,
        'calls', coalesce(
            (
                select pg_catalog.jsonb_agg(
                    app.call_json(c.booking, v_time_zone)
                    order by
                        case when p_include_past then null else (c.booking).starts_at end,
                        (c.booking).starts_at desc
                )
                from (
                    select b as booking
                    from app.call_bookings as b
                    where
                        (b.client_id = (select auth.uid()) or b.reader_id = (select auth.uid()))
                        and (coalesce(p_include_past, false) or b.ends_at > app.now())
                    order by
                        case when p_include_past then null else b.starts_at end,
                        b.starts_at desc
                    limit p_limit
                ) as c
            ),
            '[]'::jsonb
        )
    );
end;
$$;

comment on function public.list_my_calls(boolean, integer) is
'The caller''s calls (client or reader) with the slot in their own time zone. '
'Errors: USRBL, 42501, CLLIM.';

revoke execute on function public.list_my_calls(boolean, integer) from public, anon;
grant execute on function public.list_my_calls(boolean, integer) to authenticated;
