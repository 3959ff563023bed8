-- requires: sql/app/is_of_age.sql
-- requires: sql/app/local_today.sql
-- requires: sql/app/minimum_age.sql

-- The one home of the age gate: someone born on p_date_of_birth, living in p_time_zone, has
-- reached the minimum age (setting profiles.minimum_age) on their own calendar day today.
-- The profiles trigger refuses a younger birth date with AGEMN; profile_missing_fields reports
-- "age" for a profile that no longer meets it (a raised minimum age).
create or replace function app.meets_minimum_age(
    p_date_of_birth date,
    p_time_zone text
) returns boolean
language sql
volatile
security invoker
set search_path = ''
as $$
    select app.is_of_age(p_date_of_birth, app.local_today(p_time_zone), app.minimum_age())
$$;

comment on function app.meets_minimum_age(date, text) is
'True when someone born on p_date_of_birth is at least app.minimum_age() years old today in '
'p_time_zone (UTC when null); null for a null birth date.';

revoke execute on function app.meets_minimum_age(date, text) from public, anon;

grant execute on function app.meets_minimum_age(date, text) to authenticated;

grant execute on function app.meets_minimum_age(date, text) to service_role;
