-- Definer because is_blocked is a protected profile column (API roles may not write it) and the
-- moderation row is written for the caller; it therefore checks the caller itself: monitors,
-- admins and superadmins block, admins and superadmins unblock, and only targets of a lower
-- rank (a superadmin may act on anyone but themselves). Raises USRBL, 42501, USRNF, MODSF, RSNRQ,
-- MODDU (already blocked), MODNB (not blocked).
create or replace function app.set_profile_block(
    p_target_id uuid,
    p_block boolean,
    p_reason text
) returns app.profiles
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_caller_id uuid := auth.uid();
    v_caller_role text;
    v_caller_rank smallint;
    v_target app.profiles;
    v_target_rank smallint;
    v_reason text;
begin
    if p_block is null then
        raise exception 'p_block must be true (block) or false (unblock)'
            using
                errcode = 'MODBK',
                hint = 'Call public.block_profile or public.unblock_profile.';
    end if;
    -- monitors and above block; admins and above unblock
    v_caller_role := case
        when p_block then app.require_role('monitor', 'admin', 'superadmin')
        else app.require_role('admin', 'superadmin')
    end;
    v_reason := app.require_reason(p_reason);
    if p_target_id = v_caller_id then
        raise exception 'You cannot block or unblock yourself'
            using errcode = 'MODSF', hint = 'Ask another moderator.';
    end if;
    select p.* into v_target
    from app.profiles as p
    where p.id = p_target_id
    for update;
    if not found then
        raise exception 'No profile %', p_target_id
            using
                errcode = 'USRNF',
                detail = pg_catalog.jsonb_build_object('target', p_target_id)::text,
                hint = 'Check the user id.';
    end if;
    select r.rank into v_caller_rank from app.roles as r where r.code = v_caller_role;
    select r.rank into v_target_rank from app.roles as r where r.code = v_target.role;
    if v_target_rank >= v_caller_rank and v_caller_role <> 'superadmin' then
        raise exception 'A % cannot moderate a %', v_caller_role, v_target.role
            using
                errcode = '42501',
                detail = pg_catalog.jsonb_build_object('target_role', v_target.role)::text,
                hint = 'Ask someone of a higher role.';
    end if;
    if v_target.is_blocked = p_block then
        raise exception 'Profile % is already %', p_target_id,
            case when p_block then 'blocked' else 'not blocked' end
            using
                errcode = case when p_block then 'MODDU' else 'MODNB' end,
                detail = pg_catalog.jsonb_build_object(
                    'target', p_target_id, 'is_blocked', v_target.is_blocked
                )::text,
                hint = 'Refresh the list of blocks.';
    end if;

    update app.profiles as p
    set is_blocked = p_block
    where p.id = p_target_id
    returning p.* into v_target;

    insert into app.moderation_actions (actor_id, action, target_profile_id, reason)
    values (v_caller_id, case when p_block then 'block' else 'unblock' end, p_target_id, v_reason);

    return v_target;
end;
$$;

comment on function app.set_profile_block(uuid, boolean, text) is
'Blocks (p_block) or unblocks a profile for the signed-in moderator and records the action. '
'Errors: USRBL, 42501, MODBK, RSNRQ, MODSF, USRNF, MODDU, MODNB.';

revoke execute on function app.set_profile_block(uuid, boolean, text) from public, anon, service_role;

grant execute on function app.set_profile_block(uuid, boolean, text) to authenticated;
