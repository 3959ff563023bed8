-- What a profile still lacks before its user may order (used by
-- public.profile_requirements() and by create_order), and the age rule behind it.

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

-- Invoker: the caller sees only the profiles RLS lets them see (their own; staff: everyone's).
-- A profile the caller cannot see reports every item missing.
create or replace function app.profile_missing_fields(p_user_id uuid) returns text[]
language sql
stable
security invoker
set search_path = ''
as $$
    select coalesce(
        (
            select array_remove(
                array[
                    case when p.first_name is null or p.first_name = '' then 'first_name' end,
                    case when p.last_name is null or p.last_name = '' then 'last_name' end,
                    case when p.date_of_birth is null then 'date_of_birth' end,
                    case when p.country_code is null then 'country' end,
                    case when p.time_zone is null then 'time_zone' end,
                    case when p.language is null then 'language' end,
                    case when not p.phone_verified then 'phone_verified' end,
                    case
                        when
                            p.date_of_birth is not null
                            and not app.is_of_age(
                                p.date_of_birth,
                                (pg_catalog.now() at time zone coalesce(p.time_zone, 'UTC'))::date,
                                app.minimum_age()
                            )
                            then 'age'
                    end
                ],
                null
            )
            from app.profiles as p
            where p.id = p_user_id
        ),
        array[
            'first_name', 'last_name', 'date_of_birth', 'country', 'time_zone', 'language',
            'phone_verified'
        ]
    )
$$;

comment on function app.profile_missing_fields(uuid) is
'What the profile still lacks before ordering, in form order: first_name, last_name, '
'date_of_birth, country, time_zone, language, phone_verified, and age (under the minimum '
'age). Empty when complete.';
revoke execute on function app.profile_missing_fields(uuid) from public, anon;
grant execute on function app.profile_missing_fields(uuid) to authenticated;
grant execute on function app.profile_missing_fields(uuid) to service_role;
