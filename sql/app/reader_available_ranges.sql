-- reader_available_ranges: when a reader takes calls between p_from and p_to, as instants.
-- Each weekly window (app.reader_availability) is laid on every local date of the period in
-- its own time zone, so a window keeps its wall-clock hours across a DST change (09:00-12:00
-- is 14:00-17:00 UTC in New York winter, 13:00-16:00 in summer); on the day of the change a
-- window counts the real hours between its local ends (01:00-04:00 is two hours on the
-- spring-forward day, four on the fall-back day). Extra windows of
-- app.reader_availability_exceptions are added, time off is taken away (time off wins), and
-- touching ranges join, so a call may run from one window into the next. A span whose start
-- falls in the hour a spring-forward change skips may end before it starts: it holds no time.
-- Local dates: UTC's dates widened by a day either way cover every zone (offsets stay within
-- a day). Invoker: the availability policies decide what the caller may read.
create or replace function app.reader_available_ranges(
    p_reader_id uuid,
    p_from timestamptz,
    p_to timestamptz
) returns tstzmultirange
language sql
stable
security invoker
set search_path = ''
as $$
    with days as (
        select d::date as on_date
        from pg_catalog.generate_series(
            (p_from at time zone 'UTC')::date - 1,
            (p_to at time zone 'UTC')::date + 1,
            interval '1 day'
        ) as d
    ),

    -- every window and exception laid on its local dates, as local start and end
    spans as (
        select
            true as is_available,
            d.on_date + w.starts_at as local_start,
            d.on_date + w.ends_at as local_end,
            w.time_zone
        from app.reader_availability as w
        inner join days as d on extract(isodow from d.on_date) = w.weekday
        where w.reader_id = p_reader_id
        union all
        select
            e.is_available,
            e.on_date + e.starts_at as local_start,
            e.on_date + e.ends_at as local_end,
            e.time_zone
        from app.reader_availability_exceptions as e
        where
            e.reader_id = p_reader_id
            and e.on_date between (select min(d.on_date) from days as d)
            and (select max(d.on_date) from days as d)
    ),

    instants as (
        select
            s.is_available,
            s.local_start at time zone s.time_zone as starts_at,
            s.local_end at time zone s.time_zone as ends_at
        from spans as s
    )

    -- A span that starts in the hour a spring-forward change skips may end, as an instant,
    -- before it starts (02:30-03:00 that day: 02:30 is read in standard time); it holds no
    -- time that day, and is left out rather than failing the whole computation.
    select
        coalesce(
            pg_catalog.range_agg(pg_catalog.tstzrange(i.starts_at, i.ends_at))
            filter (where i.is_available),
            '{}'::tstzmultirange
        )
        - coalesce(
            pg_catalog.range_agg(pg_catalog.tstzrange(i.starts_at, i.ends_at))
            filter (where not i.is_available),
            '{}'::tstzmultirange
        )
    from instants as i
    where i.starts_at < i.ends_at
$$;

comment on function app.reader_available_ranges(uuid, timestamptz, timestamptz) is
'The instants around p_from..p_to in which the reader takes calls: weekly windows in their '
'own time zone, plus extra windows, minus time off.';

revoke execute on function app.reader_available_ranges(uuid, timestamptz, timestamptz)
from public, anon;

grant execute on function app.reader_available_ranges(uuid, timestamptz, timestamptz)
to authenticated, service_role;
