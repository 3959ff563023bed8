-- requires: sql/app/find_horoscope.sql
-- requires: sql/app/name_horoscope_transition.sql

-- transition_horoscope: an RPC's one way to judge a horoscope. It locks the row (ZHNOF when the
-- caller cannot see it), names the transition (so the horoscopes trigger accepts only that one),
-- moves the row to the state the transition leads to and returns it. A rejection reason is set
-- only when given. Errors: ZHNOF and those of the horoscopes trigger.
create or replace function app.transition_horoscope(
    p_horoscope_id uuid,
    p_transition text,
    p_reason text default null
) returns app.horoscopes
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_horoscope app.horoscopes;
begin
    perform app.find_horoscope(p_horoscope_id, true);
    perform app.name_horoscope_transition(p_transition);
    update app.horoscopes as h
    set
        status = coalesce((
            select pg_catalog.min(t.to_status)
            from app.horoscope_transitions as t
            where t.name = p_transition
        ), h.status),
        rejection_reason = coalesce(p_reason, h.rejection_reason)
    where h.id = p_horoscope_id
    returning h.* into v_horoscope;
    perform app.name_horoscope_transition(null);
    return v_horoscope;
end;
$$;

comment on function app.transition_horoscope(uuid, text, text) is
'Makes the named transition on a horoscope and returns it. Errors: ZHNOF, the trigger''s.';

revoke execute on function app.transition_horoscope(uuid, text, text) from public, anon;

grant execute on function app.transition_horoscope(uuid, text, text) to authenticated, service_role;
