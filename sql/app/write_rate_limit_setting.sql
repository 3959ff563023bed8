-- Definer because app_settings has no write grant for any API role; it is the only path by
-- which a limit changes, and it checks the caller's application role itself.
create or replace function app.write_rate_limit_setting(
    p_action text,
    p_capacity integer,
    p_refill_seconds integer
) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    perform app.require_role('admin', 'superadmin');
    if
        p_capacity is null or p_capacity < 1 or p_capacity > 1000000
        or p_refill_seconds is null or p_refill_seconds < 1 or p_refill_seconds > 31622400
    then
        raise exception 'Invalid rate limit %/%s',
            coalesce(p_capacity::text, 'null'), coalesce(p_refill_seconds::text, 'null')
            using
                errcode = 'RLBAD',
                detail = pg_catalog.jsonb_build_object(
                    'capacity', p_capacity, 'refill_seconds', p_refill_seconds
                )::text,
                hint = 'Capacity 1..1000000 and refill_seconds 1..31622400 (a year).';
    end if;
    update app.app_settings as s
    set
        value = pg_catalog.jsonb_build_object(
            'capacity', p_capacity, 'refill_seconds', p_refill_seconds
        ),
        updated_by = (select auth.uid())
    where s.key = 'rate_limit.' || p_action;
    if not found then
        raise exception 'Unknown rate limit %', coalesce(p_action, 'null')
            using
                errcode = 'RLUNK',
                detail = pg_catalog.jsonb_build_object('action', p_action)::text,
                hint = 'Only existing rate limits can be changed; see list_rate_limits().';
    end if;
end;
$$;

comment on function app.write_rate_limit_setting(text, integer, integer) is
'Sets the limit of an existing rate-limited action (unblocked admins and superadmins only). '
'Errors: USRBL, 42501, RLBAD, RLUNK.';

revoke execute on function app.write_rate_limit_setting(text, integer, integer)
from public, anon;

grant execute on function app.write_rate_limit_setting(text, integer, integer) to authenticated;
