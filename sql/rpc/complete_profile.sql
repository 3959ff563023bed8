-- complete_profile: the signed-in user fills in or corrects their profile (seed: POST
-- /api/profile/complete; also after a social sign-up). Authenticated callers only; invoker:
-- the column grants and the profiles update policy limit it to the caller's own harmless
-- columns, so phone, verification flags, role and block state cannot be set this way.
-- It only writes. Normalising and checking each field (BADNM, BADLG, BADCY, BADTZ, BADDB,
-- AGEMN, BADPF) is the profiles_15 trigger's job (app.profiles_validate_columns), so a direct
-- `update app.profiles` gets the same checks and codes; the zodiac sign is derived by the
-- profiles_20 trigger. What is this form's own: every field but the optional details is
-- required, and a missing one is refused with that field's error
-- (app.raise_profile_field_error). A missing language needs no check here: language is never
-- null in the table, so the trigger sees the change and raises BADLG (app.assert_language).
-- Raises BADNM (first/last name missing, empty or over 100 characters), BADDB (birth date
-- missing, in the future or before 1900), AGEMN (under profiles.minimum_age; detail
-- {"minimum_age": N}), BADCY (unknown country), BADTZ (not an IANA time zone), BADLG (language
-- not ar/en), BADPF (gender, marital status or birth place invalid), 42501 (no profile for the
-- caller). Every detail is a JSON object, {"field": ...} for a field's error.
-- Returns setof app.profile_api, like public.get_my_profile (one mapping,
-- app.to_profile_api); the return type changed from `returns table (...)`, which create or
-- replace cannot do, so the function is dropped first (and its grants made again below).
drop function if exists public.complete_profile(
    text, text, date, text, text, text, text, text, time, text
);

create or replace function public.complete_profile(
    p_first_name text,
    p_last_name text,
    p_date_of_birth date,
    p_country text,
    p_time_zone text,
    p_language text,
    p_gender text default null,
    p_marital_status text default null,
    p_birth_time time default null,
    p_birth_place text default null
)
returns setof app.profile_api
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    -- country_code is char(2): anything else is refused here, before a cast could cut it
    v_country text := pg_catalog.btrim(p_country);
    v_missing text := case
        when p_first_name is null then 'first_name'
        when p_last_name is null then 'last_name'
        when v_country is null or pg_catalog.char_length(v_country) <> 2 then 'country_code'
        when p_time_zone is null then 'time_zone'
        when p_date_of_birth is null then 'date_of_birth'
    end;
begin
    if v_missing is not null then
        perform app.raise_profile_field_error(
            v_missing,
            case v_missing when 'country_code' then p_country end
        );
    end if;

    return query
    with written as (
        update app.profiles as p
        set
            first_name = p_first_name,
            last_name = p_last_name,
            date_of_birth = p_date_of_birth,
            country_code = v_country,
            time_zone = p_time_zone,
            language = p_language,
            gender = p_gender,
            marital_status = p_marital_status,
            birth_time = p_birth_time,
            birth_place = p_birth_place
        where p.id = (select auth.uid())
        returning p
    )

    select api.*
    from written as w
    cross join lateral app.to_profile_api(w.p) as api;
    if not found then
        raise exception 'No profile for the signed-in user'
            using errcode = '42501', hint = 'Sign in first.';
    end if;
end;
$$;

comment on function public.complete_profile(
    text, text, date, text, text, text, text, text, time, text
) is
'Sets the signed-in user''s names, birth data, country, time zone, language and optional '
'details; returns the profile (zodiac sign derived). '
'Errors: BADNM, BADDB, AGEMN, BADCY, BADTZ, BADLG, BADPF, 42501.';

revoke execute on function public.complete_profile(
    text, text, date, text, text, text, text, text, time, text
) from public, anon;
grant execute on function public.complete_profile(
    text, text, date, text, text, text, text, text, time, text
) to authenticated;
