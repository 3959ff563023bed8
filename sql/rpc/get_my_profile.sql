-- get_my_profile: the signed-in user's own profile (one row; none for a user without a
-- profile). Authenticated callers only; read-only, invoker (RLS shows the caller their row).
create or replace function public.get_my_profile()
returns table (
    id uuid,
    role text,
    email text,
    first_name text,
    last_name text,
    gender text,
    marital_status text,
    date_of_birth date,
    birth_time time,
    birth_place text,
    zodiac_sign text,
    country_code char(2),
    time_zone text,
    language text,
    phone text,
    phone_verified boolean,
    email_verified boolean,
    is_blocked boolean,
    created_at timestamptz,
    updated_at timestamptz
)
language sql
stable
security invoker
set search_path = ''
as $$
    select
        p.id,
        p.role,
        p.email,
        p.first_name,
        p.last_name,
        p.gender,
        p.marital_status,
        p.date_of_birth,
        p.birth_time,
        p.birth_place,
        p.zodiac_sign,
        p.country_code,
        p.time_zone,
        p.language,
        p.phone,
        p.phone_verified,
        p.email_verified,
        p.is_blocked,
        p.created_at,
        p.updated_at
    from app.profiles as p
    where p.id = (select auth.uid())
$$;

comment on function public.get_my_profile() is
'The signed-in user''s profile: role, contact and verification state, birth data (zodiac sign '
'derived), country, time zone, language, block state.';

revoke execute on function public.get_my_profile() from public, anon;
grant execute on function public.get_my_profile() to authenticated;
