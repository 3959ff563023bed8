-- The one home of the profile's field rules. Every write of a profile passes here, whoever
-- makes it: public.complete_profile (which only writes), a direct `update app.profiles` as
-- `authenticated`, the platform. A field is normalised and checked when it is written (insert)
-- or changed, so a value that was valid when stored never blocks an unrelated update. Null is
-- allowed here: a new profile is empty, and public.complete_profile itself requires the fields
-- of its form. Errors, in the form's order: BADNM (names: 1 to 100 characters after folding
-- white space, no control characters), BADLG (language, app.assert_language), BADCY (country
-- not in app.countries), BADTZ (not an IANA time zone), BADDB (birth date before 1900 or after
-- the user's today), AGEMN (under the minimum age, for API callers), BADPF (gender, marital
-- status, birth place).
-- The age gate applies to anon and authenticated only: the platform may record what support
-- learned, and app.profile_missing_fields still keeps such a user from ordering.
create or replace function app.profiles_validate_columns() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_insert boolean := tg_op = 'INSERT';
    v_minimum_age integer;
begin
    if v_insert or new.first_name is distinct from old.first_name then
        new.first_name := app.squish(new.first_name);
        if not app.is_clean_text(new.first_name, 100) then
            perform app.raise_profile_field_error('first_name', new.first_name);
        end if;
    end if;
    if v_insert or new.last_name is distinct from old.last_name then
        new.last_name := app.squish(new.last_name);
        if not app.is_clean_text(new.last_name, 100) then
            perform app.raise_profile_field_error('last_name', new.last_name);
        end if;
    end if;
    if v_insert or new.language is distinct from old.language then
        perform app.assert_language(new.language);
    end if;
    if v_insert or new.country_code is distinct from old.country_code then
        new.country_code := pg_catalog.upper(new.country_code);
        if new.country_code is not null and not exists (
            select 1 from app.countries as c where c.alpha2 = new.country_code
        ) then
            perform app.raise_profile_field_error('country_code', new.country_code);
        end if;
    end if;
    if
        new.time_zone is not null
        and (v_insert or new.time_zone is distinct from old.time_zone)
        and not exists (
            select 1 from pg_catalog.pg_timezone_names as tz
            where tz.name = new.time_zone
        )
    then
        perform app.raise_profile_field_error('time_zone', new.time_zone);
    end if;
    if
        new.date_of_birth is not null
        and (v_insert or new.date_of_birth is distinct from old.date_of_birth)
        and (
            new.date_of_birth < app.earliest_birth_date()
            or new.date_of_birth > app.local_today(new.time_zone)
        )
    then
        perform app.raise_profile_field_error('date_of_birth', new.date_of_birth::text);
    end if;
    if
        current_user in ('anon', 'authenticated')
        and new.date_of_birth is not null
        and (
            v_insert
            or new.date_of_birth is distinct from old.date_of_birth
            or new.time_zone is distinct from old.time_zone
        )
        and not app.meets_minimum_age(new.date_of_birth, new.time_zone)
    then
        v_minimum_age := app.minimum_age();
        raise exception 'You must be at least % years old', v_minimum_age
            using
                errcode = 'AGEMN',
                detail = pg_catalog.jsonb_build_object('minimum_age', v_minimum_age)::text,
                hint = 'The service is for adults only.';
    end if;
    if
        new.gender is not null
        and (v_insert or new.gender is distinct from old.gender)
        and new.gender not in ('female', 'male', 'other', 'undisclosed')
    then
        perform app.raise_profile_field_error('gender', new.gender);
    end if;
    if
        new.marital_status is not null
        and (v_insert or new.marital_status is distinct from old.marital_status)
        and new.marital_status not in (
            'single', 'engaged', 'married', 'separated', 'divorced', 'widowed', 'other'
        )
    then
        perform app.raise_profile_field_error('marital_status', new.marital_status);
    end if;
    if v_insert or new.birth_place is distinct from old.birth_place then
        new.birth_place := nullif(app.squish(new.birth_place), '');
        if not app.is_clean_text(new.birth_place, 200) then
            perform app.raise_profile_field_error('birth_place', null);
        end if;
    end if;
    return new;
end;
$$;

comment on function app.profiles_validate_columns() is
'Trigger: normalises and checks the profile fields a write sets or changes '
'(BADNM, BADLG, BADCY, BADTZ, BADDB, AGEMN for API callers, BADPF).';

revoke execute on function app.profiles_validate_columns()
from public, anon, authenticated, service_role;

-- BEFORE triggers fire in name order: guard what the caller sent (10), check and normalise it
-- (15), derive (20), stamp (30).
create or replace trigger profiles_15_validate_columns
before insert or update on app.profiles
for each row execute function app.profiles_validate_columns();
