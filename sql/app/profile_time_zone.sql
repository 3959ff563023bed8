-- profile_time_zone: the time zone a user reads times in: their profile's, else (a reader who
-- never filled it in) the zone of their availability, else UTC. Invoker: a profile the caller
-- cannot read falls back the same way, so callers ask only about themselves (or staff about
-- anyone).
create or replace function app.profile_time_zone(p_profile_id uuid) returns text
language sql
stable
security invoker
set search_path = ''
as $$
    select coalesce(
        (select p.time_zone from app.profiles as p where p.id = p_profile_id),
        (
            select pg_catalog.min(w.time_zone) from app.reader_availability as w
            where w.reader_id = p_profile_id
        ),
        'UTC'
    )
$$;

comment on function app.profile_time_zone(uuid) is
'The IANA time zone the user reads times in (profile, else their availability, else UTC).';

revoke execute on function app.profile_time_zone(uuid) from public, anon;

grant execute on function app.profile_time_zone(uuid) to authenticated, service_role;
