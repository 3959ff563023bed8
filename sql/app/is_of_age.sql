-- Whether someone born on p_date_of_birth is at least p_years old on p_on. Subtracting the
-- years from p_on (instead of adding them to the birth date) makes a 29 February birthday
-- fall on 1 March in common years: an age gate must not open a day early.
create or replace function app.is_of_age(
    p_date_of_birth date,
    p_on date,
    p_years integer
) returns boolean
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select p_date_of_birth <= (p_on - pg_catalog.make_interval(years => p_years))::date
$$;

comment on function app.is_of_age(date, date, integer) is
'True when a person born on p_date_of_birth is at least p_years old on p_on '
'(29 February birthdays count from 1 March in common years).';

revoke execute on function app.is_of_age(date, date, integer) from public, anon;

grant execute on function app.is_of_age(date, date, integer) to authenticated;

grant execute on function app.is_of_age(date, date, integer) to service_role;
