-- requires: sql/app/setting_whole_number.sql

-- minimum_age: the age a user must have reached to order (setting profiles.minimum_age).

-- The minimum age from the setting profiles.minimum_age (18 when unset or unusable). Definer
-- because app_settings is readable by admins only, while every signed-in user's own checks
-- need this one harmless number; it reads nothing else.
create or replace function app.minimum_age() returns integer
language sql
stable
security definer
set search_path = ''
as $$
    select app.setting_whole_number('profiles.minimum_age', 18, 0, 999)
$$;

comment on function app.minimum_age() is
'Minimum age in years to hold an account (setting profiles.minimum_age, default 18).';

revoke execute on function app.minimum_age() from public, anon;

grant execute on function app.minimum_age() to authenticated;

grant execute on function app.minimum_age() to service_role;
