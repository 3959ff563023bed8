-- list_calls: staff see every call whose slot overlaps [p_from, p_to) (default: from now, 7
-- days; at most 93 days), optionally of one reader, soonest first, at most 500. Each call
-- carries its slot in the caller's time zone and, under "client" and "reader", in each side's
-- own zone. Callable by authenticated monitors, admins and superadmins.
-- Raises USRBL (caller blocked), 42501 (other roles), CLRNG (p_to not after p_from, or a
-- period over 93 days: app.check_period; detail {"from", "to", "max_days"}).
create or replace function public.list_calls(
    p_from timestamptz default null,
    p_to timestamptz default null,
    p_reader_id uuid default null
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
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    perform app.check_period(v_from, v_to, 93, 'CLRNG');
    v_time_zone := app.profile_time_zone((select auth.uid()));
    return pg_catalog.jsonb_build_object(
        'time_zone', v_time_zone,
        'calls', coalesce(
            (
                select pg_catalog.jsonb_agg(
                    app.call_json(c.booking, v_time_zone)
                    || pg_catalog.jsonb_build_object(
                        'client', pg_catalog.jsonb_build_object(
                            'time_zone', c.client_zone,
                            'local_starts_at', app.local_timestamp(
                                (c.booking).starts_at, c.client_zone
                            )
                        ),
                        'reader', pg_catalog.jsonb_build_object(
                            'time_zone', c.reader_zone,
                            'local_starts_at', app.local_timestamp(
                                (c.booking).starts_at, c.reader_zone
                            )
                        )
                    )
                    order by (c.booking).starts_at
                )
                from (
                    select
                        b as booking,
                        app.profile_time_zone(b.client_id) as client_zone,
                        app.profile_time_zone(b.reader_id) as reader_zone
                    from app.call_bookings as b
                    where
                        b.slot && pg_catalog.tstzrange(v_from, v_to)
                        and (p_reader_id is null or b.reader_id = p_reader_id)
                    order by b.starts_at
                    limit 500
                ) as c
            ),
            '[]'::jsonb
        )
    );
end;
$$;

comment on function public.list_calls(timestamptz, timestamptz, uuid) is
'Staff: every call in a period (optionally one reader''s), each side''s local time included. '
'Errors: USRBL, 42501, CLRNG.';

revoke execute on function public.list_calls(timestamptz, timestamptz, uuid) from public, anon;
grant execute on function public.list_calls(timestamptz, timestamptz, uuid) to authenticated;
