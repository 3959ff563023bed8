-- list_calls: staff see every call whose slot overlaps [p_from, p_to) (default: from now, 7
-- days; at most 93 days), optionally of one reader, soonest first, one page at a time: at
-- most p_limit calls (1..500, default 100), then next_cursor (opaque, app.page_cursor) to pass
-- back for the next page, null on the last, so no call in the period is ever left out
-- unseen. Each call carries its slot in the caller's time zone and, under "client" and
-- "reader", in each side's own zone. Callable by authenticated monitors, admins and
-- superadmins.
-- Raises USRBL (caller blocked), 42501 (other roles), CLRNG (p_to not after p_from, or a
-- period over 93 days: app.check_period; detail {"from", "to", "max_days"}), CLSIZ (p_limit
-- not 1..500: app.check_page_size; detail {"limit", "max_limit"}), CLCUR (malformed cursor:
-- app.page_cursor_after; detail {"cursor"}).
drop function if exists public.list_calls(timestamptz, timestamptz, uuid);

create or replace function public.list_calls(
    p_from timestamptz default null,
    p_to timestamptz default null,
    p_reader_id uuid default null,
    p_limit integer default 100,
    p_cursor text default null
)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_from timestamptz := coalesce(p_from, app.now());
    v_to timestamptz := coalesce(p_to, coalesce(p_from, app.now()) + interval '7 days');
    v_time_zone text;
    v_after_at timestamptz;
    v_after_id uuid;
    v_calls jsonb;
    v_more boolean;
    v_last_at timestamptz;
    v_last_id uuid;
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    perform app.check_period(v_from, v_to, 93, 'CLRNG');
    perform app.check_page_size(p_limit, 500, 'CLSIZ');
    select c.after_at, c.after_id into v_after_at, v_after_id
    from app.page_cursor_after(p_cursor, 'CLCUR') as c;
    v_time_zone := app.profile_time_zone((select auth.uid()));

    select
        coalesce(
            pg_catalog.jsonb_agg(
                app.call_json(p.booking, v_time_zone)
                || pg_catalog.jsonb_build_object(
                    'client', pg_catalog.jsonb_build_object(
                        'time_zone', p.client_zone,
                        'local_starts_at', app.local_timestamp(
                            (p.booking).starts_at, p.client_zone
                        )
                    ),
                    'reader', pg_catalog.jsonb_build_object(
                        'time_zone', p.reader_zone,
                        'local_starts_at', app.local_timestamp(
                            (p.booking).starts_at, p.reader_zone
                        )
                    )
                )
                order by p.n
            ) filter (where p.n <= p_limit),
            '[]'::jsonb
        ),
        coalesce(pg_catalog.max(p.n) > p_limit, false),
        pg_catalog.max((p.booking).starts_at) filter (where p.n = p_limit),
        (pg_catalog.array_agg((p.booking).order_id) filter (where p.n = p_limit))[1]
    into v_calls, v_more, v_last_at, v_last_id
    from (
        select
            l.*,
            pg_catalog.row_number() over (order by (l.booking).starts_at, (l.booking).order_id) as n
        from (
            select
                b as booking,
                app.profile_time_zone(b.client_id) as client_zone,
                app.profile_time_zone(b.reader_id) as reader_zone
            from app.call_bookings as b
            where
                b.slot && pg_catalog.tstzrange(v_from, v_to)
                and (p_reader_id is null or b.reader_id = p_reader_id)
                and (v_after_id is null or (b.starts_at, b.order_id) > (v_after_at, v_after_id))
            order by b.starts_at, b.order_id
            limit p_limit + 1
        ) as l
    ) as p;

    return pg_catalog.jsonb_build_object(
        'time_zone', v_time_zone,
        'calls', v_calls,
        'next_cursor',
        case when v_more then app.page_cursor(v_last_at, v_last_id) end
    );
end;
$$;

comment on function public.list_calls(timestamptz, timestamptz, uuid, integer, text) is
'Staff: every call in a period (optionally one reader''s), a page at a time, each side''s '
'local time included. Errors: USRBL, 42501, CLRNG, CLSIZ, CLCUR.';

revoke execute on function public.list_calls(timestamptz, timestamptz, uuid, integer, text)
from public, anon;
grant execute on function public.list_calls(timestamptz, timestamptz, uuid, integer, text)
to authenticated;
