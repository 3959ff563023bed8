-- block_state_json: what block_profile and unblock_profile answer about the target.
create or replace function app.block_state_json(p_profile app.profiles) returns jsonb
language sql
immutable
security invoker
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
        'id', p_profile.id,
        'role', p_profile.role,
        'is_blocked', p_profile.is_blocked,
        'blocked_at', p_profile.blocked_at
    )
$$;

comment on function app.block_state_json(app.profiles) is
'The block state of a profile as block_profile and unblock_profile return it.';

revoke execute on function app.block_state_json(app.profiles) from public, anon;

grant execute on function app.block_state_json(app.profiles) to authenticated;
