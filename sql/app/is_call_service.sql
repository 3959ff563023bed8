-- is_call_service: whether a service is a live call (app.services.is_call), the one home of
-- that question: a call order is booked (app.book_call_slot) and must have its booking
-- (app.orders_require_call_booking). False for an unknown code. Invoker: the caller sees the
-- services its policies show, as the callers did before.
create or replace function app.is_call_service(p_service_code text) returns boolean
language sql
stable
parallel safe
security invoker
set search_path = ''
as $$
    select exists (
        select 1 from app.services as s
        where s.code = p_service_code and s.is_call
    )
$$;

comment on function app.is_call_service(text) is
'Whether the service is a live call (app.services.is_call); false for an unknown code.';

revoke execute on function app.is_call_service(text) from public, anon;

grant execute on function app.is_call_service(text) to authenticated, service_role;
