-- set_rate_limit: change the limit of an existing rate-limited action (seed: POST
-- /api/ops/rate_limits); the next app.rate_limit_take() call uses it, and buckets above a
-- smaller capacity are clamped then. Admins and superadmins only.
-- Raises USRBL (caller blocked), 42501 (not an admin), RLBAD (capacity or refill_seconds out of range),
-- RLUNK (no such action). Invoker; the write itself goes through
-- app.write_rate_limit_setting (definer, because nobody holds a write grant on app_settings),
-- which checks the caller.
create or replace function public.set_rate_limit(
    p_action text,
    p_capacity integer,
    p_refill_seconds integer
)
returns table (
    action text,
    capacity integer,
    refill_seconds integer
)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.write_rate_limit_setting(p_action, p_capacity, p_refill_seconds);
    return query
    select
        p_action,
        (s.value ->> 'capacity')::integer,
        (s.value ->> 'refill_seconds')::integer
    from app.app_settings as s
    where s.key = 'rate_limit.' || p_action;
end;
$$;

comment on function public.set_rate_limit(text, integer, integer) is
'Sets the capacity and refill period of a rate-limited action; applies on the next call. '
'Admins and superadmins only. Errors: USRBL, 42501, RLBAD, RLUNK.';

revoke execute on function public.set_rate_limit(text, integer, integer) from public, anon;
grant execute on function public.set_rate_limit(text, integer, integer) to authenticated;
