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
    select coalesce(
        (
            select (s.value #>> '{}')::integer
            from app.app_settings as s
            where
                s.key = 'profiles.minimum_age'
                and pg_catalog.jsonb_typeof(s.value) = 'number'
                and (s.value #>> '{}') ~ '^[0-9]{1,3}$'
        ),
        18
    )
$$;

comment on function app.minimum_age() is
'Minimum age in years to hold an account (setting profiles.minimum_age, default 18).';

revoke execute on function app.minimum_age() from public, anon;

grant execute on function app.minimum_age() to authenticated;

grant execute on function app.minimum_age() to service_role;
