-- list_rate_limits: every rate-limited action with its capacity and refill period, for the ops
-- screen (seed: POST /api/ops/rate_limits). Admins and superadmins only (USRBL when
-- blocked, 42501 otherwise);
-- read-only. Invoker: the app_settings policy lets exactly these roles read the settings.
create or replace function public.list_rate_limits()
returns table (
    action text,
    capacity integer,
    refill_seconds integer,
    description text,
    updated_at timestamptz,
    updated_by uuid
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('admin', 'superadmin');
    return query
    select
        pg_catalog.substr(s.key, pg_catalog.length('rate_limit.') + 1),
        (s.value ->> 'capacity')::integer,
        (s.value ->> 'refill_seconds')::integer,
        s.description,
        s.updated_at,
        s.updated_by
    from app.app_settings as s
    where s.key like 'rate\_limit.%'
    order by s.key;
end;
$$;

comment on function public.list_rate_limits() is
'Rate limits per action (capacity tokens refilled evenly over refill_seconds). '
'Admins and superadmins only. Errors: USRBL, 42501.';

revoke execute on function public.list_rate_limits() from public, anon;
grant execute on function public.list_rate_limits() to authenticated;
