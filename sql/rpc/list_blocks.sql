-- list_blocks: every blocked user with the latest block's reason, moderator and time, newest
-- first. Callable by authenticated: monitors, admins and superadmins (USRBL when blocked,
-- 42501 for others);
-- invoker, so the profiles and moderation_actions policies apply.
create or replace function public.list_blocks()
returns table (
    profile_id uuid,
    role text,
    email text,
    first_name text,
    last_name text,
    blocked_at timestamptz,
    reason text,
    blocked_by uuid
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    return query
    select
        p.id,
        p.role,
        p.email,
        p.first_name,
        p.last_name,
        p.blocked_at,
        m.reason,
        m.actor_id
    from app.profiles as p
    left join lateral (
        select a.reason, a.actor_id
        from app.moderation_actions as a
        where a.target_profile_id = p.id and a.action = 'block'
        order by a.occurred_at desc, a.id desc
        limit 1
    ) as m on true
    where p.is_blocked
    order by p.blocked_at desc, p.id;
end;
$$;

comment on function public.list_blocks() is
'Moderators: blocked users with the latest block reason and moderator. Errors: USRBL, 42501.';

revoke execute on function public.list_blocks() from public, anon;
grant execute on function public.list_blocks() to authenticated;
