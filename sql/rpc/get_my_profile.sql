-- requires: sql/app/to_profile_api.sql

-- get_my_profile: the signed-in user's own profile (one row; none for a user without a
-- profile). Authenticated callers only; read-only, invoker (RLS shows the caller their row).
-- Returns setof app.profile_api: the shape has one home, the type (its migration), and one
-- mapping, app.to_profile_api, shared with public.complete_profile. A set of a composite type
-- reaches a PostgREST / supabase-js caller exactly as the former `returns table (...)` did: an
-- array with one object of the same twenty keys.
-- The return type changed from `returns table (...)`, which create or replace cannot do, so
-- the function is dropped first (and its grants made again below).
drop function if exists public.get_my_profile();

create or replace function public.get_my_profile()
returns setof app.profile_api
language sql
stable
security invoker
set search_path = ''
as $$
    select api.*
    from app.profiles as p
    cross join lateral app.to_profile_api(p) as api
    where p.id = (select auth.uid())
$$;

comment on function public.get_my_profile() is
'The signed-in user''s profile: role, contact and verification state, birth data (zodiac sign '
'derived), country, time zone, language, block state.';

revoke execute on function public.get_my_profile() from public, anon;
grant execute on function public.get_my_profile() to authenticated;
