-- find_call: the call of a booked call (by its order id) that the caller may see, or VCNOC.
-- The one home of "no such call" for get_call, the monitor helpers and call_terminate.
-- Invoker: the calls policy decides what the caller sees.
create or replace function app.find_call(p_order_id uuid) returns app.calls
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_call app.calls;
begin
    select c.* into v_call from app.calls as c where c.order_id = p_order_id;
    if not found then
        raise exception 'No call for order %', p_order_id
            using
                errcode = 'VCNOC',
                detail = pg_catalog.jsonb_build_object('order_id', p_order_id)::text,
                hint = 'The reader has not started this call, or it is not yours to see.';
    end if;
    return v_call;
end;
$$;

comment on function app.find_call(uuid) is
'The call booked as order p_order_id, if the caller may see it. Errors: VCNOC.';

revoke execute on function app.find_call(uuid) from public, anon;

grant execute on function app.find_call(uuid) to authenticated, service_role;
