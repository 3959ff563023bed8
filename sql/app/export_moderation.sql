-- requires: sql/app/export_of.sql
-- requires: sql/app/mask_email.sql
-- requires: sql/app/export_name.sql
-- export_moderation: the moderation dataset of an export: blocks, unblocks, approvals and
-- rejections made in its range, oldest first, with the moderator and the blocked profile.
-- Masked unless raw: names and the target's email through the app.mask_* rules, the reason
-- (free text) left out. The column list is the CSV header. Invoker: RLS decides.
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
set search_path = ''
as $$
    select
        m.id,
        m.occurred_at,
        m.action,
        m.actor_id,
        app.export_name(e.raw, a.first_name, a.last_name),
        m.target_profile_id,
        app.export_name(e.raw, t.first_name, t.last_name),
        case when e.raw then t.email else app.mask_email(t.email) end,
        m.target_order_id,
        case when e.raw then m.reason end
    from app.export_of(p_export_id) as e
    inner join app.moderation_actions as m
        on m.occurred_at >= e.range_from and m.occurred_at < e.range_to
    left join app.profiles as a on m.actor_id = a.id
    left join app.profiles as t on m.target_profile_id = t.id
    order by m.occurred_at, m.id
$$;

comment on function app.export_moderation(uuid) is
'Rows of the moderation CSV of an export (masked unless raw). Errors: 42501.';

revoke execute on function app.export_moderation(uuid) from public, anon, service_role;
grant execute on function app.export_moderation(uuid) to authenticated;
