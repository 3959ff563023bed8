-- block_profile: a monitor blocks a user (seed: POST /api/mod/block). A blocked client cannot
-- order; a blocked reader cannot be assigned, start or submit. Callable by authenticated:
-- monitors, admins and superadmins, on users of a lower role (monitors cannot block admins or
-- superadmins); the check and the write are in app.set_profile_block (definer).
-- Raises USRBL (caller blocked), 42501 (wrong role), RSNRQ (reason missing), MODSF
-- (yourself), USRNF, MODDU (already blocked).
create or replace function public.block_profile(
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
    return app.block_state_json(app.set_profile_block(p_target_id, true, p_reason));
end;
$$;

comment on function public.block_profile(uuid, text) is
'Monitors and above: blocks a user of a lower role, with a reason. '
'Errors: USRBL, 42501, RSNRQ, MODSF, USRNF, MODDU.';

revoke execute on function public.block_profile(uuid, text) from public, anon;
grant execute on function public.block_profile(uuid, text) to authenticated;
