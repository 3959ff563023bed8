-- complete_profile: the signed-in user fills in or corrects their profile (seed: POST
-- /api/profile/complete; also after a social sign-up). Authenticated callers only; invoker:
-- the column grants and the profiles update policy limit it to the caller's own harmless
-- columns, so phone, verification flags, role and block state cannot be set this way. The
-- zodiac sign is derived from the birth date by the profiles_20 trigger.
-- Raises BADNM (first/last name empty or over 100 characters), BADDB (birth date missing, in the
-- future or before 1900), AGEMN (under profiles.minimum_age), BADCY (unknown country), BADTZ
-- (not an IANA time zone), BADLG (language not ar/en), BADPF (gender, marital status or birth
-- place invalid), 42501 (no profile for the caller).
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
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_first_name text := pg_catalog.btrim(pg_catalog.regexp_replace(p_first_name, '\s+', ' ', 'g'));
    v_last_name text := pg_catalog.btrim(pg_catalog.regexp_replace(p_last_name, '\s+', ' ', 'g'));
    v_birth_place text := nullif(
        pg_catalog.btrim(pg_catalog.regexp_replace(p_birth_place, '\s+', ' ', 'g')), ''
    );
    v_country char(2);
    v_today date;
    v_minimum_age integer := app.minimum_age();
begin
    if coalesce(v_first_name, '') = '' or pg_catalog.char_length(v_first_name) > 100
        or v_first_name ~ '[[:cntrl:]]'
    then
        raise exception 'Invalid first name'
            using
                errcode = 'BADNM',
                detail = 'field: first_name',
                hint = 'Give a first name of 1 to 100 characters.';
    end if;
    if coalesce(v_last_name, '') = '' or pg_catalog.char_length(v_last_name) > 100
        or v_last_name ~ '[[:cntrl:]]'
    then
        raise exception 'Invalid last name'
            using
                errcode = 'BADNM',
                detail = 'field: last_name',
                hint = 'Give a last name of 1 to 100 characters.';
    end if;
    if p_language is null or p_language not in ('ar', 'en') then
        raise exception 'Unsupported language %', coalesce(p_language, 'null')
            using
                errcode = 'BADLG',
                detail = pg_catalog.format('p_language: %s', coalesce(p_language, 'null')),
                hint = 'Use ''ar'' or ''en''.';
    end if;
    select c.alpha2 into v_country
    from app.countries as c
    where c.alpha2 = pg_catalog.upper(pg_catalog.btrim(p_country));
    if v_country is null then
        raise exception 'Unknown country %', coalesce(p_country, 'null')
            using
                errcode = 'BADCY',
                detail = pg_catalog.format('p_country: %s', coalesce(p_country, 'null')),
                hint = 'Use an ISO 3166-1 alpha-2 code from list_countries(), e.g. AE.';
    end if;
    if p_time_zone is null or not exists (
        select 1 from pg_catalog.pg_timezone_names as tz where tz.name = p_time_zone
    ) then
        raise exception 'Unknown time zone %', coalesce(p_time_zone, 'null')
            using
                errcode = 'BADTZ',
                detail = pg_catalog.format('time_zone: %s', coalesce(p_time_zone, 'null')),
                hint = 'Use an IANA time zone name such as Asia/Dubai.';
    end if;
    -- "today" where the user lives: the age gate opens at their local midnight
    v_today := (app.now() at time zone p_time_zone)::date;
    if p_date_of_birth is null or p_date_of_birth < date '1900-01-01' or p_date_of_birth > v_today
    then
        raise exception 'Invalid date of birth'
            using
                errcode = 'BADDB',
                detail = pg_catalog.format(
                    'p_date_of_birth: %s', coalesce(p_date_of_birth::text, 'null')
                ),
                hint = 'Give a date between 1900-01-01 and today.';
    end if;
    if not app.is_of_age(p_date_of_birth, v_today, v_minimum_age) then
        raise exception 'You must be at least % years old', v_minimum_age
            using
                errcode = 'AGEMN',
                detail = pg_catalog.format('minimum_age=%s', v_minimum_age),
                hint = 'The service is for adults only.';
    end if;
    if p_gender is not null and p_gender not in ('female', 'male', 'other', 'undisclosed') then
        raise exception 'Invalid gender %', p_gender
            using
                errcode = 'BADPF',
                detail = 'field: gender',
                hint = 'Use female, male, other or undisclosed, or leave it out.';
    end if;
    if
        p_marital_status is not null
        and p_marital_status not in (
            'single', 'engaged', 'married', 'separated', 'divorced', 'widowed', 'other'
        )
    then
        raise exception 'Invalid marital status %', p_marital_status
            using
                errcode = 'BADPF',
                detail = 'field: marital_status',
                hint = 'Use single, engaged, married, separated, divorced, widowed or other.';
    end if;
    if pg_catalog.char_length(v_birth_place) > 200 or v_birth_place ~ '[[:cntrl:]]' then
        raise exception 'Invalid birth place'
            using
                errcode = 'BADPF',
                detail = 'field: birth_place',
                hint = 'Give a place of birth of at most 200 characters.';
    end if;

    update app.profiles as p
    set
        first_name = v_first_name,
        last_name = v_last_name,
        date_of_birth = p_date_of_birth,
        country_code = v_country,
        time_zone = p_time_zone,
        language = p_language,
        gender = p_gender,
        marital_status = p_marital_status,
        birth_time = p_birth_time,
        birth_place = v_birth_place
    where p.id = (select auth.uid());
    if not found then
        raise exception 'No profile for the signed-in user'
            using errcode = '42501', hint = 'Sign in first.';
    end if;

    return query select * from public.get_my_profile();
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
