-- setting_whole_number: the one home of reading a whole-number setting from app.app_settings.
-- The value counts only when it is a JSON number without a fraction within [p_min, p_max] (a
-- null bound is open); a missing or unusable value is p_default, so a mistyped setting never
-- breaks the rule that reads it. Invoker: only the definer functions that answer one number
-- each (app.call_setting, app.minimum_age, app.retention_days, app.order_question_max_length)
-- call it, as the owner; no API role may.
create or replace function app.setting_whole_number(
    p_key text,
    p_default integer,
    p_min integer default null,
    p_max integer default null
) returns integer
language sql
stable
security invoker
set search_path = ''
as $$
    select coalesce(
        (
            -- nested so that only a JSON number is ever cast
            select case
                when
                    n.value = pg_catalog.trunc(n.value)
                    and n.value between coalesce(p_min, -2147483648) and coalesce(p_max, 2147483647)
                    then n.value::integer
            end
            from app.app_settings as s
            cross join lateral (
                select
                    case
                        when pg_catalog.jsonb_typeof(s.value) = 'number'
                            then (s.value #>> '{}')::numeric
                    end as value
            ) as n
            where s.key = p_key
        ),
        p_default
    )
$$;

comment on function app.setting_whole_number(text, integer, integer, integer) is
'A whole-number setting within [p_min, p_max] (null: open), else p_default.';

revoke execute on function app.setting_whole_number(text, integer, integer, integer)
from public, anon, authenticated, service_role;
