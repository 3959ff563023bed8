-- requires: sql/app/ops_result_drafts.sql
-- ops_metrics: how the operation performed over a range, per time bucket (seed: GET
-- /api/ops/metrics). Admins and superadmins only. Raises USRBL (caller blocked), 42501, OPSRG
-- (range missing, reversed or over 366 days), OPSBK (bucket not hour, day, week or month, or
-- more than 1000 buckets).
--
-- Orders count in the bucket they were created in (UTC buckets): for them the p50 and p95 of
-- the seconds to assignment (assigned_at - created_at), to delivery (delivered_at -
-- created_at) and to approval (approved_at - submitted_at: the monitor's review), from the
-- stamps the order workflow writes. Approval and rejection rates are the monitors' decisions
-- (app.moderation_actions) made in the bucket. The busiest hours count the range's orders by
-- the hour of day on their client's own clock (profiles.time_zone, UTC when unset). Calls count
-- in the bucket they ended in: how many, their minutes (duration_seconds, conference start to
-- end) and the no-shows by who did not come (end_reason). AI assist counts the results of the
-- orders submitted in the bucket: the share compared with a draft of theirs (order_results
-- .draft_id) and the mean share of their words kept from it (draft_overlap), as
-- assist_draft_report does per reader.
-- Invoker: the admin's RLS reads every row counted, but the AI-assist figures, which come from
-- app.ops_result_drafts (see there why it is a definer).
create or replace function public.ops_metrics(
    p_from timestamptz,
    p_to timestamptz,
    p_bucket text default 'day'
)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_buckets bigint;
    v_result jsonb;
begin
    perform app.require_role('admin', 'superadmin');
    perform app.check_period(p_from, p_to, 366, 'OPSRG');
    if p_bucket is null or p_bucket not in ('hour', 'day', 'week', 'month') then
        raise exception 'Unknown bucket %', coalesce(p_bucket, 'null')
            using
                errcode = 'OPSBK',
                detail = pg_catalog.jsonb_build_object(
                    'bucket', p_bucket, 'allowed', pg_catalog.jsonb_build_array('hour', 'day', 'week', 'month')
                )::text,
                hint = 'Use hour, day, week or month.';
    end if;
    v_buckets := pg_catalog.ceil(
        pg_catalog.date_part('epoch', p_to - p_from)
        / pg_catalog.date_part('epoch', ('1 ' || p_bucket)::interval)
    );
    if v_buckets > 1000 then
        raise exception 'Too many buckets: %', v_buckets
            using
                errcode = 'OPSBK',
                detail = pg_catalog.jsonb_build_object('bucket', p_bucket, 'buckets', v_buckets, 'maximum', 1000)::text,
                hint = 'Use a larger bucket or a shorter range.';
    end if;

    with
    orders as (
        select
            pg_catalog.date_trunc(p_bucket, o.created_at, 'UTC') as bucket,
            pg_catalog.date_part('epoch', o.assigned_at - o.created_at) as assign_s,
            pg_catalog.date_part('epoch', o.delivered_at - o.created_at) as deliver_s,
            pg_catalog.date_part('epoch', o.approved_at - o.submitted_at) as approve_s
        from app.orders as o
        where o.created_at >= p_from and o.created_at < p_to
    ),
    order_percentiles as (
        select
            o.bucket,
            grouping(o.bucket) as is_total,
            count(*) as n,
            count(o.assign_s) as assigned,
            count(o.deliver_s) as delivered,
            percentile_cont(array[0.5, 0.95]) within group (order by o.assign_s) as assign_q,
            percentile_cont(array[0.5, 0.95]) within group (order by o.deliver_s) as deliver_q,
            percentile_cont(array[0.5, 0.95]) within group (order by o.approve_s) as approve_q
        from orders as o
        group by grouping sets ((o.bucket), ())
    ),
    order_stats as (
        select
            q.bucket,
            q.is_total,
            pg_catalog.jsonb_build_object(
                'orders', q.n,
                'assigned', q.assigned,
                'delivered', q.delivered,
                'seconds_to_assign',
                pg_catalog.jsonb_build_object('p50', q.assign_q[1], 'p95', q.assign_q[2]),
                'seconds_to_deliver',
                pg_catalog.jsonb_build_object('p50', q.deliver_q[1], 'p95', q.deliver_q[2]),
                'seconds_to_approve',
                pg_catalog.jsonb_build_object('p50', q.approve_q[1], 'p95', q.approve_q[2])
            ) as stats
        from order_percentiles as q
    ),
    decisions as (
        select
            pg_catalog.date_trunc(p_bucket, m.occurred_at, 'UTC') as bucket,
            m.action
        from app.moderation_actions as m
        where
            m.occurred_at >= p_from and m.occurred_at < p_to
            and m.action in ('approve', 'reject')
    ),
    decision_stats as (
        select
            d.bucket,
            pg_catalog.jsonb_build_object(
                'approvals', count(*) filter (where d.action = 'approve'),
                'rejections', count(*) filter (where d.action = 'reject'),
                'approval_rate', pg_catalog.round(
                    (count(*) filter (where d.action = 'approve'))::numeric / nullif(count(*), 0), 4
                ),
                'rejection_rate', pg_catalog.round(
                    (count(*) filter (where d.action = 'reject'))::numeric / nullif(count(*), 0), 4
                )
            ) as stats,
            grouping(d.bucket) as is_total
        from decisions as d
        group by grouping sets ((d.bucket), ())
    ),
    empty as (
        select pg_catalog.jsonb_build_object(
            'orders', 0, 'assigned', 0, 'delivered', 0,
            'seconds_to_assign', pg_catalog.jsonb_build_object('p50', null, 'p95', null),
            'seconds_to_deliver', pg_catalog.jsonb_build_object('p50', null, 'p95', null),
            'seconds_to_approve', pg_catalog.jsonb_build_object('p50', null, 'p95', null),
            'approvals', 0, 'rejections', 0, 'approval_rate', null, 'rejection_rate', null,
            'calls_ended', 0, 'call_minutes', 0, 'no_shows', 0,
            'no_shows_by', pg_catalog.jsonb_build_object('reader', 0, 'client', 0, 'both', 0),
            'results', 0, 'results_with_drafts', 0, 'ai_assisted_share', null,
            'draft_kept_share', null
        ) as stats
    ),
    series as (
        select g.bucket
        from pg_catalog.generate_series(
            pg_catalog.date_trunc(p_bucket, p_from, 'UTC'),
            p_to - interval '1 microsecond',
            ('1 ' || p_bucket)::interval
        ) as g (bucket)
    ),
    ended_calls as (
        select
            pg_catalog.date_trunc(p_bucket, c.ended_at, 'UTC') as bucket,
            c.duration_seconds,
            c.end_reason
        from app.calls as c
        where c.ended_at >= p_from and c.ended_at < p_to
    ),
    call_stats as (
        select
            c.bucket,
            grouping(c.bucket) as is_total,
            pg_catalog.jsonb_build_object(
                'calls_ended', count(*),
                'call_minutes', pg_catalog.round(coalesce(sum(c.duration_seconds), 0) / 60.0, 2),
                'no_shows', count(*) filter (
                    where c.end_reason in ('no_show_reader', 'no_show_client', 'no_show_both')
                ),
                'no_shows_by', pg_catalog.jsonb_build_object(
                    'reader', count(*) filter (where c.end_reason = 'no_show_reader'),
                    'client', count(*) filter (where c.end_reason = 'no_show_client'),
                    'both', count(*) filter (where c.end_reason = 'no_show_both')
                )
            ) as stats
        from ended_calls as c
        group by grouping sets ((c.bucket), ())
    ),
    -- through a definer helper: read under the order_results policy this was a lookup per result
    assist_stats as (
        select a.bucket, a.is_total, a.stats
        from app.ops_result_drafts(p_from, p_to, p_bucket) as a
    ),
    hours as (
        select
            pg_catalog.date_part(
                'hour', o.created_at at time zone coalesce(p.time_zone, 'UTC')
            )::integer as hour,
            count(*) as orders
        from app.orders as o
        left join app.profiles as p on o.client_id = p.id
        where o.created_at >= p_from and o.created_at < p_to
        group by 1
    )
    select pg_catalog.jsonb_build_object(
        'from', p_from,
        'to', p_to,
        'bucket', p_bucket,
        'buckets', (
            select coalesce(pg_catalog.jsonb_agg(
                (select e.stats from empty as e)
                || coalesce(os.stats, '{}'::jsonb)
                || coalesce(ds.stats, '{}'::jsonb)
                || coalesce(cs.stats, '{}'::jsonb)
                || coalesce(a.stats, '{}'::jsonb)
                || pg_catalog.jsonb_build_object('start', s.bucket)
                order by s.bucket
            ), '[]'::jsonb)
            from series as s
            left join order_stats as os on os.is_total = 0 and s.bucket = os.bucket
            left join decision_stats as ds on ds.is_total = 0 and s.bucket = ds.bucket
            left join call_stats as cs on cs.is_total = 0 and s.bucket = cs.bucket
            left join assist_stats as a on a.is_total = 0 and s.bucket = a.bucket
        ),
        'totals', (select e.stats from empty as e)
        || coalesce((select os.stats from order_stats as os where os.is_total = 1), '{}'::jsonb)
        || coalesce((select ds.stats from decision_stats as ds where ds.is_total = 1), '{}'::jsonb)
        || coalesce((select cs.stats from call_stats as cs where cs.is_total = 1), '{}'::jsonb)
        || coalesce((select a.stats from assist_stats as a where a.is_total = 1), '{}'::jsonb),
        'busiest_hours', (
            select coalesce(
                pg_catalog.jsonb_agg(
                    pg_catalog.jsonb_build_object('hour', h.hour, 'orders', h.orders)
                    order by h.orders desc, h.hour
                ),
                '[]'::jsonb
            )
            from hours as h
        ),
        'not_yet_covered', '[]'::jsonb
    )
    into v_result;
    return v_result;
end;
$$;

comment on function public.ops_metrics(timestamptz, timestamptz, text) is
'Admins: per bucket (hour, day, week, month) p50/p95 seconds to assign, deliver and approve, '
'approval and rejection rates, call minutes and no-shows, the share of AI-assisted results and '
'of draft words kept, and the busiest hours in the clients'' time zones. '
'Errors: USRBL, 42501, OPSRG, OPSBK.';

revoke execute on function public.ops_metrics(timestamptz, timestamptz, text) from public, anon;
grant execute on function public.ops_metrics(timestamptz, timestamptz, text) to authenticated;
