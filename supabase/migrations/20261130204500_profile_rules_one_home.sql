-- One home for the profile's rules and for its API shape.
--
-- 1. The profile validation moves to the trigger profiles_15_validate_columns
--    (sql/app/profiles_validate_columns.sql), which raises the registered codes (BADNM, BADDB,
--    BADLG, BADPF, ...) for every writer, the RPC and a direct update alike. The column checks
--    below said the same things a second time and could never fire (a BEFORE trigger refuses
--    the row first), so they go. The country foreign key and `language not null` stay: they
--    are integrity, not validation.
-- 2. app.profile_api is the profile as the API returns it (public.get_my_profile and
--    public.complete_profile both return setof app.profile_api, mapped by
--    app.to_profile_api); the column list lives here only.

alter table app.profiles
drop constraint profiles_first_name_check,
drop constraint profiles_last_name_check,
drop constraint profiles_date_of_birth_check,
drop constraint profiles_language_check,
drop constraint profiles_gender_check,
drop constraint profiles_marital_status_check,
drop constraint profiles_birth_place_check;

create type app.profile_api as (
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
    country_code char (2), -- sqlfluff parses a type's attribute list as calls: hence the space
    time_zone text,
    language text,
    phone text,
    phone_verified boolean,
    email_verified boolean,
    is_blocked boolean,
    created_at timestamptz,
    updated_at timestamptz
);

comment on type app.profile_api is
'The profile as public.get_my_profile and public.complete_profile return it (no blocked_at).';
