-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- requires: sql/app/mask_email.sql
-- requires: sql/app/export_name.sql
-- export_moderation: the moderation dataset of an export: blocks, unblocks, approvals and
-- rejections made in its range, oldest first, with the moderator and the blocked profile.
-- Masked unless raw: names and the target's email through the app.mask_* rules, the reason
-- (free text) left out. The column list is the CSV header. Invoker: RLS decides.
--
-- A view like app.export_orders (see there): the export named by app.export_id
-- read once through app.export_of, its range and raw flag as scalar subqueries, each person
-- masked in a LATERAL subquery that a Memoize node can cache.
drop function if exists app.export_moderation(uuid);

create or replace view app.export_moderation
with (security_invoker = true)
as
with export as (
    select x.range_from, x.range_to, x.raw
    from app.export_of(nullif(pg_catalog.current_setting('app.export_id', true), '')::uuid) as x
)

select
    m.id as action_id,
    m.occurred_at,
    app.csv_safe(m.action) as action,
    m.actor_id,
    a.name as actor_name,
    m.target_profile_id,
    t.name as target_name,
    t.email as target_email,
    m.target_order_id,
    case when (select e.raw from export as e) then app.csv_safe(m.reason) end as reason
from app.moderation_actions as m
left join lateral (
    select app.csv_safe(app.export_name(e.raw, p.first_name, p.last_name)) as name
    from export as e
    cross join app.profiles as p
    where p.id = m.actor_id
    offset 0
) as a on true
left join lateral (
    select
        app.csv_safe(app.export_name(e.raw, p.first_name, p.last_name)) as name,
        app.csv_safe(case when e.raw then p.email else app.mask_email(p.email) end) as email
    from export as e
    cross join app.profiles as p
    where p.id = m.target_profile_id
    offset 0
) as t on true
where
    -- a one-time filter: the export is read, or refused, before any row, even in an empty range
    (select true from export)
    and m.occurred_at >= (select e.range_from from export as e)
    and m.occurred_at < (select e.range_to from export as e)
order by m.occurred_at, m.id;

comment on view app.export_moderation is
'Rows of the moderation CSV of an export (masked unless raw). Errors: 42501.';

revoke all on table app.export_moderation from public, anon, authenticated, service_role;
grant select on table app.export_moderation to authenticated;
