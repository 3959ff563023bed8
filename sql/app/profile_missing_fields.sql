-- requires: sql/app/meets_minimum_age.sql

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
                        when not app.meets_minimum_age(p.date_of_birth, p.time_zone) then 'age'
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
