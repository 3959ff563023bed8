-- requires: sql/app/ops_order_states.sql
-- ops_snapshot: the state of the platform now, for the ops screen (seed: GET
-- /api/ops/snapshot). Admins and superadmins only. Raises USRBL (caller blocked), 42501.
-- One JSON object, one key per section, each computed from its own tables with the indexes
-- the ops migrations added. Calls: those not yet ended, by state (calls_state_idx), and the
-- bookings starting on today's UTC day (call_bookings_starts_at_idx).
-- Invoker: the admin's RLS reads every row these sections count; the orders section comes from
-- app.ops_order_states (see there why it is a definer).
create or replace function public.ops_snapshot()
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_now timestamptz;
    v_today date;
    v_orders jsonb;
    v_horoscopes jsonb;
    v_users jsonb;
    v_verification jsonb;
    v_rate_limits jsonb;
    v_services jsonb;
    v_calls jsonb;
begin
    perform app.require_role('admin', 'superadmin');
    v_now := app.now();
    v_today := app.horoscope_today();

    -- orders: how many in each state, and since when the oldest has waited in it
    v_orders := app.ops_order_states();

    -- horoscopes: today's and tomorrow's rows by status, and the signs still without one
    select pg_catalog.jsonb_object_agg(x.label, x.counts)
    into v_horoscopes
    from (
        select
            d.label,
            pg_catalog.jsonb_build_object(
                'date', d.day,
                'pending', count(h.id) filter (where h.status = 'pending'),
                'approved', count(h.id) filter (where h.status = 'approved'),
                'rejected', count(h.id) filter (where h.status = 'rejected'),
                'failed', count(h.id) filter (where h.status = 'failed'),
                'missing', (select count(*) from app.zodiac_signs) - count(h.id)
            ) as counts
        from (values ('today', v_today), ('tomorrow', v_today + 1)) as d (label, day)
        left join app.horoscopes as h on d.day = h.horoscope_date
        group by d.label, d.day
    ) as x;

    -- users by role, and the blocked among them
    select pg_catalog.jsonb_build_object(
        'by_role', coalesce(pg_catalog.jsonb_object_agg(r.code, coalesce(p.n, 0) order by r.rank), '{}'::jsonb),
        'blocked', coalesce(sum(p.blocked), 0)::bigint
    )
    into v_users
    from app.roles as r
    left join (
        select p.role, count(*) as n, count(*) filter (where p.is_blocked) as blocked
        from app.profiles as p
        group by p.role
    ) as p on r.code = p.role;

    -- phone verification over the last 24 hours: codes sent, checks and how many approved
    select pg_catalog.jsonb_build_object(
        'since', v_now - interval '24 hours',
        'starts', count(*) filter (where a.kind = 'start'),
        'sent', count(*) filter (where a.kind = 'start' and a.outcome = 'sent'),
        'checks', count(*) filter (where a.kind = 'check' and a.outcome <> 'pending'),
        'approved', count(*) filter (where a.kind = 'check' and a.outcome = 'approved'),
        'success_rate', pg_catalog.round(
            (count(*) filter (where a.kind = 'check' and a.outcome = 'approved'))::numeric
            / nullif(count(*) filter (where a.kind = 'check' and a.outcome <> 'pending'), 0),
            4
        )
    )
    into v_verification
    from app.phone_verification_attempts as a
    where a.created_at >= v_now - interval '24 hours';

    -- rate limits over the last hour: a refused call rolls back with its transaction, so
    -- refusals themselves leave no row; what remains is each bucket a call emptied within the
    -- hour (below one token), i.e. the subjects that were at their limit, per action
    select pg_catalog.jsonb_build_object(
        'since', v_now - interval '1 hour',
        'exhausted_buckets', coalesce(sum(x.n), 0)::bigint,
        'by_action', coalesce(pg_catalog.jsonb_object_agg(x.action, x.n), '{}'::jsonb)
    )
    into v_rate_limits
    from (
        select b.action, count(*) as n
        from app.rate_limit_buckets as b
        where b.refreshed_at >= v_now - interval '1 hour' and b.tokens < 1
        group by b.action
    ) as x;

    -- calls: live now by state, and the bookings of today's UTC day (cancelled apart)
    select pg_catalog.jsonb_build_object(
        'live', (
            select pg_catalog.jsonb_build_object(
                'total', count(*),
                'dialing', count(*) filter (where c.state = 'dialing'),
                'waiting', count(*) filter (where c.state = 'waiting'),
                'in_progress', count(*) filter (where c.state = 'in_progress')
            )
            from app.calls as c
            where c.state <> 'ended'
        ),
        'booked_today', (
            select pg_catalog.jsonb_build_object(
                'day', (d.day at time zone 'UTC')::date,
                'booked', count(b.order_id) filter (where b.cancelled_at is null),
                'still_to_start', count(b.order_id) filter (
                    where b.cancelled_at is null and b.starts_at > v_now
                ),
                'cancelled', count(b.order_id) filter (where b.cancelled_at is not null)
            )
            from (select pg_catalog.date_trunc('day', v_now, 'UTC') as day) as d
            left join app.call_bookings as b
                on b.starts_at >= d.day and b.starts_at < d.day + interval '1 day'
            group by d.day
        )
    )
    into v_calls;

    -- outside services as the functions last saw them
    select coalesce(pg_catalog.jsonb_object_agg(
        s.service,
        pg_catalog.jsonb_build_object(
            'configured', s.configured,
            'configured_checked_at', s.configured_checked_at,
            'last_error_at', s.last_error_at,
            'last_error_code', s.last_error_code,
            'last_error_message', s.last_error_message,
            'error_count', s.error_count
        )
        order by s.service
    ), '{}'::jsonb)
    into v_services
    from app.service_status as s;

    return pg_catalog.jsonb_build_object(
        'at', v_now,
        'orders', v_orders,
        'horoscopes', v_horoscopes,
        'users', v_users,
        'phone_verification', v_verification,
        'rate_limits', v_rate_limits,
        'database', pg_catalog.jsonb_build_object(
            'size_bytes', pg_catalog.pg_database_size(pg_catalog.current_database())
        ),
        'calls', v_calls,
        'services', v_services,
        'not_yet_covered', '[]'::jsonb
    );
end;
$$;

comment on function public.ops_snapshot() is
'Admins: the platform now (orders by state and oldest waiting, horoscopes today and tomorrow, '
'users by role and blocked, phone verification 24 h, rate limits 1 h, calls live and booked '
'today, database size, outside services). Errors: USRBL, 42501.';

revoke execute on function public.ops_snapshot() from public, anon;
grant execute on function public.ops_snapshot() to authenticated;
