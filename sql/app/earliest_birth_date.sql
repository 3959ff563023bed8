-- earliest_birth_date: the first birth date the product accepts, for a profile and for an
-- astro order alike (the ephemeris and the age rules are both checked from this date on).
create or replace function app.earliest_birth_date() returns date
language sql
immutable
security invoker
set search_path = ''
as $$
    select date '1900-01-01'
$$;

comment on function app.earliest_birth_date() is
'The first birth date accepted anywhere (profiles, astro orders).';

revoke execute on function app.earliest_birth_date() from public, anon;

grant execute on function app.earliest_birth_date() to authenticated, service_role;
