-- requires: sql/app/rate_limit_parse.sql

-- The limit of an action from app.app_settings, validated; RLUNK when it is missing or not a
-- {"capacity", "refill_seconds"} object of positive integers (app.rate_limit_parse). Invoker:
-- its callers are the definer functions below (and admins, who may read app_settings anyway).
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
    select p.capacity, p.refill_seconds into capacity, refill_seconds
    from app.rate_limit_parse(v_value) as p;
    if capacity is null then
        raise exception 'Unknown rate limit %', coalesce(p_action, 'null')
            using
                errcode = 'RLUNK',
                detail = pg_catalog.jsonb_build_object('action', p_action, 'setting', v_value)::text,
                hint = 'Define the setting as {"capacity": N, "refill_seconds": S} '
                || 'with positive integers.';
    end if;
end;
$$;

comment on function app.rate_limit_setting(text) is
'Capacity and refill period of a rate-limited action from app_settings (RLUNK if unusable).';

revoke execute on function app.rate_limit_setting(text)
from public, anon, authenticated, service_role;
