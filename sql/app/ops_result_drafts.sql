-- requires: sql/app/require_role.sql
-- ops_result_drafts: the AI-assist figures of ops_metrics: for the results (app.order_results)
-- of the orders handed in (submitted_at) in [p_from, p_to), per UTC bucket of p_bucket and in
-- total (is_total 1), how many, how many had a draft of their order to compare with
-- (draft_id), that share, and the mean share of draft words kept (draft_overlap). Counts and
-- means only, never a result. ops_metrics checks the range and bucket first.
-- Raises USRBL, 42501 (not an admin).

-- Definer because, read through the order_results policy, every result costs a call of
-- app.order_result_visible (a lookup of its order under the orders policy): tens of seconds
-- for a year of results at a million orders. That policy hides a result only from its own
-- client until delivery, and admins see every order; the role is checked first.
create or replace function app.ops_result_drafts(
    p_from timestamptz,
    p_to timestamptz,
    p_bucket text
) returns table (bucket timestamptz, is_total integer, stats jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    perform app.require_role('admin', 'superadmin');
    return query
    select
        r.bucket,
        grouping(r.bucket)::integer,
        pg_catalog.jsonb_build_object(
            'results', count(*),
            'results_with_drafts', count(r.draft_id),
            'ai_assisted_share', pg_catalog.round(count(r.draft_id)::numeric / nullif(count(*), 0), 4),
            'draft_kept_share', pg_catalog.round(
                (avg(r.draft_overlap) filter (where r.draft_id is not null))::numeric, 4
            )
        )
    from (
        select
            pg_catalog.date_trunc(p_bucket, o.submitted_at, 'UTC') as bucket,
            x.draft_id,
            x.draft_overlap
        from app.orders as o
        inner join app.order_results as x on o.id = x.order_id
        where o.submitted_at >= p_from and o.submitted_at < p_to
    ) as r
    group by grouping sets ((r.bucket), ());
end;
$$;

comment on function app.ops_result_drafts(timestamptz, timestamptz, text) is
'Admins: results handed in per bucket, with and without an AI-assist draft, and the share of '
'draft words kept (for ops_metrics). Errors: USRBL, 42501.';

revoke execute on function app.ops_result_drafts(timestamptz, timestamptz, text)
from public, anon, service_role;
grant execute on function app.ops_result_drafts(timestamptz, timestamptz, text) to authenticated;
