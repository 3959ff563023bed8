-- get_reader_availability: when a reader takes calls: their weekly windows (ISO weekday 1 =
-- Monday .. 7, local start and end, time zone) and their exceptions from yesterday on (local
-- date and times, available or time off). Callable by every signed-in role (clients book by
-- it). Raises USRBL (caller blocked), 42501 (no role), ORDRD (not an unblocked reader).
create or replace function public.get_reader_availability(p_reader_id uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('client', 'reader', 'monitor', 'admin', 'superadmin');
    perform app.assert_active_reader(p_reader_id);
    return pg_catalog.jsonb_build_object(
        'reader_id', p_reader_id,
        'windows', coalesce(
            (
                select pg_catalog.jsonb_agg(
                    pg_catalog.jsonb_build_object(
                        'weekday', w.weekday,
                        'starts_at', w.starts_at,
                        'ends_at', w.ends_at,
                        'time_zone', w.time_zone
                    )
                    order by w.weekday, w.starts_at
                )
                from app.reader_availability as w
                where w.reader_id = p_reader_id
            ),
            '[]'::jsonb
        ),
        'exceptions', coalesce(
            (
                select pg_catalog.jsonb_agg(
                    pg_catalog.jsonb_build_object(
                        'on_date', e.on_date,
                        'starts_at', e.starts_at,
                        'ends_at', e.ends_at,
                        'time_zone', e.time_zone,
                        'is_available', e.is_available
                    )
                    order by e.on_date, e.starts_at
                )
                from app.reader_availability_exceptions as e
                where
                    e.reader_id = p_reader_id
                    and e.on_date >= (app.now() at time zone 'UTC')::date - 1
            ),
            '[]'::jsonb
        )
    );
end;
$$;

comment on function public.get_reader_availability(uuid) is
'A reader''s weekly call windows and coming exceptions. Errors: USRBL, 42501, ORDRD.';

revoke execute on function public.get_reader_availability(uuid) from public, anon;
grant execute on function public.get_reader_availability(uuid) to authenticated;
