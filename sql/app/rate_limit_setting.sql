-- The limit of an action from app.app_settings, validated; RLUNK when it is missing or not a
-- {"capacity", "refill_seconds"} object of positive integers. Invoker: its callers are the
-- definer functions below (and admins, who may read app_settings anyway).
create or replace function app.rate_limit_setting(
    p_action text,
    out capacity integer,
    out refill_seconds integer
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_value jsonb;
begin
    select s.value into v_value
    from app.app_settings as s
    where s.key = 'rate_limit.' || p_action;
    if
        pg_catalog.jsonb_typeof(v_value -> 'capacity') is distinct from 'number'
        or pg_catalog.jsonb_typeof(v_value -> 'refill_seconds') is distinct from 'number'
        or (v_value ->> 'capacity') !~ '^[1-9][0-9]{0,8}$'
        or (v_value ->> 'refill_seconds') !~ '^[1-9][0-9]{0,8}$'
    then
        raise exception 'Unknown rate limit %', coalesce(p_action, 'null')
            using
                errcode = 'RLUNK',
                detail = pg_catalog.jsonb_build_object('action', p_action, 'setting', v_value)::text,
                hint = 'Define the setting as {"capacity": N, "refill_seconds": S} '
                || 'with positive integers.';
    end if;
    capacity := (v_value ->> 'capacity')::integer;
    refill_seconds := (v_value ->> 'refill_seconds')::integer;
end;
$$;

comment on function app.rate_limit_setting(text) is
'Capacity and refill period of a rate-limited action from app_settings (RLUNK if unusable).';

revoke execute on function app.rate_limit_setting(text)
from public, anon, authenticated, service_role;
