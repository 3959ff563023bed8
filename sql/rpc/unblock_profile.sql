-- unblock_profile: an admin lifts a block (seed: POST /api/mod/unblock). Callable by
-- authenticated: admins and superadmins, on users of a lower role; the check and the write are
-- in app.set_profile_block (definer).
-- Raises USRBL (caller blocked), 42501 (wrong role), RSNRQ (reason missing), MODSF
-- (yourself), USRNF, MODNB (not blocked).
create or replace function public.unblock_profile(
    p_target_id uuid,
    p_reason text
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    return app.block_state_json(app.set_profile_block(p_target_id, false, p_reason));
end;
$$;

comment on function public.unblock_profile(uuid, text) is
'Admins: unblocks a user of a lower role, with a reason. Errors: USRBL, 42501, RSNRQ, MODSF, USRNF, MODNB.';

revoke execute on function public.unblock_profile(uuid, text) from public, anon;
grant execute on function public.unblock_profile(uuid, text) to authenticated;
