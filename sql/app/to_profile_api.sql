-- The profile as the API returns it (type app.profile_api, created by migration
-- 20261130204500): the one mapping from a profiles row to what public.get_my_profile and
-- public.complete_profile return. blocked_at stays internal.
create or replace function app.to_profile_api(p_profile app.profiles) returns app.profile_api
language sql
stable
security invoker
set search_path = ''
as $$
    select row(
        p_profile.id,
        p_profile.role,
        p_profile.email,
        p_profile.first_name,
        p_profile.last_name,
        p_profile.gender,
        p_profile.marital_status,
        p_profile.date_of_birth,
        p_profile.birth_time,
        p_profile.birth_place,
        p_profile.zodiac_sign,
        p_profile.country_code,
        p_profile.time_zone,
        p_profile.language,
        p_profile.phone,
        p_profile.phone_verified,
        p_profile.email_verified,
        p_profile.is_blocked,
        p_profile.created_at,
        p_profile.updated_at
    )::app.profile_api
$$;

comment on function app.to_profile_api(app.profiles) is
'A profiles row as the API returns it (app.profile_api: every column but blocked_at).';

revoke execute on function app.to_profile_api(app.profiles) from public, anon;

grant execute on function app.to_profile_api(app.profiles) to authenticated;

grant execute on function app.to_profile_api(app.profiles) to service_role;
