-- profile_requirements: what the signed-in user must still provide before ordering (seed: GET
-- /api/profile/requirements). Authenticated callers only; read-only, invoker.
-- `missing` lists, in form order, first_name, last_name, date_of_birth, country, time_zone,
-- language, phone_verified, and age when the user is under the minimum age.
create or replace function public.profile_requirements(
    out complete boolean,
    out missing text[],
    out minimum_age integer
)
language sql
stable
security invoker
set search_path = ''
as $$
    select
        cardinality(m.missing) = 0,
        m.missing,
        app.minimum_age()
    from (select app.profile_missing_fields((select auth.uid())) as missing) as m
$$;

comment on function public.profile_requirements() is
'Whether the signed-in user''s profile is complete enough to order, what is missing '
'(first_name, last_name, date_of_birth, country, time_zone, language, phone_verified, age) '
'and the minimum age.';

revoke execute on function public.profile_requirements() from public, anon;
grant execute on function public.profile_requirements() to authenticated;
