-- name_horoscope_transition: a writer says which transition of app.horoscope_transitions its
-- next writes of app.horoscopes make (null stops naming), for this transaction. The horoscopes
-- trigger accepts only a named transition, so naming can only narrow what a caller may do.
create or replace function app.name_horoscope_transition(p_name text) returns void
language sql
volatile
security invoker
set search_path = ''
as $$
    select pg_catalog.set_config('app.horoscope_transition', coalesce(p_name, ''), true)
$$;

comment on function app.name_horoscope_transition(text) is
'Names the horoscope transition the caller''s next writes make, for this transaction.';

revoke execute on function app.name_horoscope_transition(text) from public, anon;

grant execute on function app.name_horoscope_transition(text) to authenticated, service_role;
