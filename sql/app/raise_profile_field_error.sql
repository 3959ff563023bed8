-- The one home of what each invalid (or missing) profile field raises: its registered code,
-- message, hint and a JSON detail {"field": ...} (with "value" for the short coded fields).
-- The profiles trigger calls it for an invalid value, public.complete_profile for a required
-- argument that is missing, so both say the same thing. The language has its own helper
-- (app.assert_language, BADLG), the age gate its own code (AGEMN, in the trigger).
-- Volatile: it always raises, and must never be folded while a query is planned.
create or replace function app.raise_profile_field_error(
    p_field text,
    p_value text
) returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_code text;
    v_message text;
    v_hint text;
    v_detail jsonb := pg_catalog.jsonb_build_object('field', p_field);
begin
    case p_field
        when 'first_name', 'last_name' then
            v_code := 'BADNM';
            v_message := pg_catalog.format('Invalid %s', pg_catalog.replace(p_field, '_', ' '));
            v_hint := pg_catalog.format(
                'Give a %s of 1 to 100 characters.', pg_catalog.replace(p_field, '_', ' ')
            );
        when 'date_of_birth' then
            v_code := 'BADDB';
            v_message := 'Invalid date of birth';
            v_hint := pg_catalog.format(
                'Give a date between %s and today.', app.earliest_birth_date()
            );
            v_detail := v_detail || pg_catalog.jsonb_build_object('value', p_value);
        when 'country_code' then
            v_code := 'BADCY';
            v_message := pg_catalog.format('Unknown country %s', coalesce(p_value, 'null'));
            v_hint := 'Use an ISO 3166-1 alpha-2 code from list_countries(), e.g. AE.';
            v_detail := v_detail || pg_catalog.jsonb_build_object('value', p_value);
        when 'time_zone' then
            v_code := 'BADTZ';
            v_message := pg_catalog.format('Unknown time zone %s', coalesce(p_value, 'null'));
            v_hint := 'Use an IANA time zone name such as Asia/Dubai.';
            v_detail := v_detail || pg_catalog.jsonb_build_object('value', p_value);
        when 'gender' then
            v_code := 'BADPF';
            v_message := 'Invalid gender';
            v_hint := 'Use female, male, other or undisclosed, or leave it out.';
        when 'marital_status' then
            v_code := 'BADPF';
            v_message := 'Invalid marital status';
            v_hint := 'Use single, engaged, married, separated, divorced, widowed or other.';
        when 'birth_place' then
            v_code := 'BADPF';
            v_message := 'Invalid birth place';
            v_hint := 'Give a place of birth of at most 200 characters.';
    end case;
    raise exception '%', v_message
        using errcode = v_code, detail = v_detail::text, hint = v_hint;
end;
$$;

comment on function app.raise_profile_field_error(text, text) is
'Raises the registered error of an invalid or missing profile field: BADNM (first_name, '
'last_name), BADDB (date_of_birth), BADCY (country_code), BADTZ (time_zone), BADPF (gender, '
'marital_status, birth_place); detail {"field": ...} plus "value" for the coded fields.';

revoke execute on function app.raise_profile_field_error(text, text) from public, anon;

grant execute on function app.raise_profile_field_error(text, text) to authenticated;

grant execute on function app.raise_profile_field_error(text, text) to service_role;
