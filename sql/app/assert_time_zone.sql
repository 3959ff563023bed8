-- requires: sql/app/raise_profile_field_error.sql

-- assert_time_zone: a time zone stored outside a profile (a reader's availability) must be an
-- IANA name the server knows (pg_timezone_names), so that wall-clock times turn into instants.
-- Returns the name. The error is the profile field's (app.raise_profile_field_error: BADTZ,
-- detail {"field": "time_zone", "value": ...}), so both say the same thing.
create or replace function app.assert_time_zone(p_time_zone text) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if p_time_zone is null or not exists (
        select 1 from pg_catalog.pg_timezone_names as tz
        where tz.name = p_time_zone
    ) then
        perform app.raise_profile_field_error('time_zone', p_time_zone);
    end if;
    return p_time_zone;
end;
$$;

comment on function app.assert_time_zone(text) is
'Returns p_time_zone when it is an IANA time zone the server knows. Errors: BADTZ.';

revoke execute on function app.assert_time_zone(text) from public, anon;

grant execute on function app.assert_time_zone(text) to authenticated, service_role;
