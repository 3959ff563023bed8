-- rate_limit_parse: the one home of what a usable rate-limit setting is: a
-- {"capacity", "refill_seconds"} object of positive JSON integers (at most nine digits). Both
-- null otherwise. app.rate_limit_setting raises RLUNK on nulls; the bucket purge
-- (app.purge_full_rate_limit_buckets) leaves the buckets of an unusable setting alone.
create or replace function app.rate_limit_parse(
    p_value jsonb,
    out capacity integer,
    out refill_seconds integer
)
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select
        case when u.usable then (p_value ->> 'capacity')::integer end,
        case when u.usable then (p_value ->> 'refill_seconds')::integer end
    from (
        select
            coalesce(
                pg_catalog.jsonb_typeof(p_value -> 'capacity') = 'number'
                and pg_catalog.jsonb_typeof(p_value -> 'refill_seconds') = 'number'
                and (p_value ->> 'capacity') ~ '^[1-9][0-9]{0,8}$'
                and (p_value ->> 'refill_seconds') ~ '^[1-9][0-9]{0,8}$',
                false
            ) as usable
    ) as u
$$;

comment on function app.rate_limit_parse(jsonb) is
'Capacity and refill period of a rate-limit setting value; both null when it is unusable.';

revoke execute on function app.rate_limit_parse(jsonb)
from public, anon, authenticated, service_role;
