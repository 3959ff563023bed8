-- Definer because is_blocked is a protected profile column (API roles may not write it) and the
-- moderation row is written for the caller; it therefore checks the caller itself: monitors,
-- admins and superadmins block, admins and superadmins unblock, and only targets of a lower
-- rank (a superadmin may act on anyone but themselves). Raises 42501, USRNF, MODSF, MODRS,
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
    v_caller_role text := app.current_role();
    v_caller_rank smallint;
    v_target app.profiles;
    v_target_rank smallint;
    v_reason text := nullif(pg_catalog.btrim(p_reason), '');
begin
    if p_block is null then
        raise exception 'p_block must be true (block) or false (unblock)'
            using
                errcode = 'MODBK',
                hint = 'Call public.block_profile or public.unblock_profile.';
    end if;
    if
        v_caller_role is null
        or (p_block and v_caller_role not in ('monitor', 'admin', 'superadmin'))
        or (not p_block and v_caller_role not in ('admin', 'superadmin'))
    then
        raise exception 'Not allowed to % profiles', case when p_block then 'block' else 'unblock' end
            using
                errcode = '42501',
                hint = 'Monitors and admins block; admins unblock.';
    end if;
    if exists (select 1 from app.profiles as p where p.id = v_caller_id and p.is_blocked) then
        raise exception 'Your account is blocked'
            using errcode = '42501', hint = 'Contact an admin.';
    end if;
    if v_reason is null or pg_catalog.char_length(v_reason) > 1000 then
        raise exception 'A reason of 1 to 1000 characters is required'
            using
                errcode = 'MODRS',
                detail = pg_catalog.format('reason length: %s', coalesce(pg_catalog.char_length(v_reason), 0)),
                hint = 'Say why, for the moderation history.';
    end if;
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
                detail = pg_catalog.format('target: %s', p_target_id),
                hint = 'Check the user id.';
    end if;
    select r.rank into v_caller_rank from app.roles as r where r.code = v_caller_role;
    select r.rank into v_target_rank from app.roles as r where r.code = v_target.role;
    if v_target_rank >= v_caller_rank and v_caller_role <> 'superadmin' then
        raise exception 'A % cannot moderate a %', v_caller_role, v_target.role
            using
                errcode = '42501',
                detail = pg_catalog.format('target role: %s', v_target.role),
                hint = 'Ask someone of a higher role.';
    end if;
    if v_target.is_blocked = p_block then
        raise exception 'Profile % is already %', p_target_id,
            case when p_block then 'blocked' else 'not blocked' end
            using
                errcode = case when p_block then 'MODDU' else 'MODNB' end,
                detail = pg_catalog.format('target: %s, is_blocked: %s', p_target_id, v_target.is_blocked),
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
'Errors: 42501 (also a blocked caller), MODBK, MODRS, MODSF, USRNF, MODDU, MODNB.';

revoke execute on function app.set_profile_block(uuid, boolean, text) from public, anon, service_role;

grant execute on function app.set_profile_block(uuid, boolean, text) to authenticated;
