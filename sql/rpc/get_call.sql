-- get_call: the live call of a booked call (state, who joined and left when, duration, why it
-- ended, and for staff the monitors' actions). Callable by authenticated: whoever may see the
-- order (its client, its reader, staff); the calls policy decides. Raises VCNOC when there is
-- no call the caller may see for that order.
create or replace function public.get_call(p_order_id uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_call app.calls;
begin
    v_call := app.find_call(p_order_id);
    return pg_catalog.jsonb_build_object(
        'call_id', v_call.id,
        'order_id', v_call.order_id,
        'state', v_call.state,
        'time_limit_seconds', v_call.time_limit_seconds,
        'initiated_at', v_call.initiated_at,
        'reader_joined_at', v_call.reader_joined_at,
        'reader_left_at', v_call.reader_left_at,
        'client_joined_at', v_call.client_joined_at,
        'client_left_at', v_call.client_left_at,
        'started_at', v_call.started_at,
        'ended_at', v_call.ended_at,
        'duration_seconds', v_call.duration_seconds,
        'end_reason', v_call.end_reason,
        'monitor_actions', (
            select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                'action', a.action, 'monitor_id', a.monitor_id, 'reason', a.reason,
                'occurred_at', a.occurred_at
            ) order by a.occurred_at, a.id), '[]'::jsonb)
            from app.call_monitor_actions as a
            where a.call_id = v_call.id
        )
    );
end;
$$;

comment on function public.get_call(uuid) is
'The call of a booked call, for whoever may see the order (monitor actions for staff only). '
'Errors: VCNOC.';

revoke execute on function public.get_call(uuid) from public, anon;
grant execute on function public.get_call(uuid) to authenticated;
