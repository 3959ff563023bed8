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
    if not coalesce(app.current_role() in ('admin', 'superadmin'), false) then
        raise exception 'Only admins may change rate limits'
            using errcode = '42501', hint = 'Sign in as an admin or superadmin.';
    end if;
    if exists (select 1 from app.profiles as p where p.id = (select auth.uid()) and p.is_blocked) then
        raise exception 'Your account is blocked'
            using errcode = '42501', hint = 'Contact an admin.';
    end if;
    if
        p_capacity is null or p_capacity < 1 or p_capacity > 1000000
        or p_refill_seconds is null or p_refill_seconds < 1 or p_refill_seconds > 31622400
    then
        raise exception 'Invalid rate limit %/%s',
            coalesce(p_capacity::text, 'null'), coalesce(p_refill_seconds::text, 'null')
            using
                errcode = 'RLBAD',
                detail = pg_catalog.format(
                    'p_capacity: %s, p_refill_seconds: %s',
                    coalesce(p_capacity::text, 'null'), coalesce(p_refill_seconds::text, 'null')
                ),
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
                detail = pg_catalog.format('setting rate_limit.%s: missing', p_action),
                hint = 'Only existing rate limits can be changed; see list_rate_limits().';
    end if;
end;
$$;

comment on function app.write_rate_limit_setting(text, integer, integer) is
'Sets the limit of an existing rate-limited action (unblocked admins and superadmins only). '
'Errors: 42501 (also a blocked caller), RLBAD, RLUNK.';

revoke execute on function app.write_rate_limit_setting(text, integer, integer)
from public, anon;

grant execute on function app.write_rate_limit_setting(text, integer, integer) to authenticated;
