-- local_timestamp: an instant as the wall-clock time of a time zone, in ISO 8601 with that
-- zone's offset at that instant ('2026-03-08T03:30:00-04:00'), so each side of a call reads
-- its slot in their own time, DST included.
create or replace function app.local_timestamp(
    p_at timestamptz,
    p_time_zone text
) returns text
language sql
stable
security invoker
set search_path = ''
as $$
    select
        pg_catalog.to_char(l.local_time, 'YYYY-MM-DD"T"HH24:MI:SS')
        || case when l.utc_offset < interval '0' then '-' else '+' end
        || pg_catalog.to_char(greatest(l.utc_offset, -l.utc_offset), 'HH24:MI')
    from (
        select
            p_at at time zone p_time_zone as local_time,
            (p_at at time zone p_time_zone) - (p_at at time zone 'UTC') as utc_offset
    ) as l
    where p_at is not null and p_time_zone is not null
$$;

comment on function app.local_timestamp(timestamptz, text) is
'The instant as wall-clock time in p_time_zone, ISO 8601 with the offset then in force.';

revoke execute on function app.local_timestamp(timestamptz, text) from public, anon;

grant execute on function app.local_timestamp(timestamptz, text) to authenticated, service_role;
