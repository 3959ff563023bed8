-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- requires: sql/app/mask_email.sql
-- requires: sql/app/export_name.sql
-- export_moderation: the moderation dataset of an export: blocks, unblocks, approvals and
-- rejections made in its range, oldest first, with the moderator and the blocked profile.
-- Masked unless raw: names and the target's email through the app.mask_* rules, the reason
-- (free text) left out. The column list is the CSV header. Invoker: RLS decides.
--
-- Inlined like app.export_orders (see there): a plain SQL function without settings, the export
-- read once through app.export_of, its range and raw flag as scalar subqueries, each person
-- masked in a LATERAL subquery that a Memoize node can cache.
create or replace function app.export_moderation(p_export_id uuid)
returns table (
    action_id bigint,
    occurred_at timestamptz,
    action text,
    actor_id uuid,
    actor_name text,
    target_profile_id uuid,
    target_name text,
    target_email text,
    target_order_id uuid,
    reason text
)
language sql
stable
security invoker
as $$
    with export as (
        select x.range_from, x.range_to, x.raw from app.export_of(p_export_id) as x
    )

    select
        m.id,
        m.occurred_at,
        app.csv_safe(m.action),
        m.actor_id,
        app.csv_safe(a.name),
        m.target_profile_id,
        app.csv_safe(t.name),
        app.csv_safe(t.email),
        m.target_order_id,
        app.csv_safe(case when (select e.raw from export as e) then m.reason end)
    from app.moderation_actions as m
    left join lateral (
        select app.export_name(e.raw, p.first_name, p.last_name) as name
        from export as e
        cross join app.profiles as p
        where p.id = m.actor_id
        offset 0
    ) as a on true
    left join lateral (
        select
            app.export_name(e.raw, p.first_name, p.last_name) as name,
            case when e.raw then p.email else app.mask_email(p.email) end as email
        from export as e
        cross join app.profiles as p
        where p.id = m.target_profile_id
        offset 0
    ) as t on true
    where
        m.occurred_at >= (select e.range_from from export as e)
        and m.occurred_at < (select e.range_to from export as e)
    order by m.occurred_at, m.id
$$;

comment on function app.export_moderation(uuid) is
'Rows of the moderation CSV of an export (masked unless raw). Errors: 42501.';

revoke execute on function app.export_moderation(uuid) from public, anon, service_role;
grant execute on function app.export_moderation(uuid) to authenticated;
