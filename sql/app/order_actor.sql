-- requires: sql/app/current_role.sql

-- order_actor: who is acting on an order, as app.order_transitions.actor_role names it: the
-- caller's application role for signed-in users ('none' without one, e.g. when blocked), and
-- `service` for the service role, postgres and jobs.
create or replace function app.order_actor() returns text
language sql
stable
security invoker
set search_path = ''
as $$
    select case
        when current_user = 'authenticated' then coalesce(app.current_role(), 'none')
        when current_user = 'anon' then 'anon'
        else 'service'
    end
$$;

comment on function app.order_actor() is
'The actor_role of app.order_transitions the caller acts as (service for non-API roles).';

revoke execute on function app.order_actor() from public, anon;

grant execute on function app.order_actor() to authenticated, service_role;
