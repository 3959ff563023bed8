-- find_horoscope: the horoscope an action works on, locked when p_lock so racing actions queue
-- and the loser sees the new state. Invoker: RLS decides what the caller may see; a horoscope
-- the caller cannot see is missing. Raises ZHNOF (detail {"horoscope_id": id}).
create or replace function app.find_horoscope(
    p_horoscope_id uuid,
    p_lock boolean default false
) returns app.horoscopes
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_horoscope app.horoscopes;
begin
    if p_lock then
        select h.* into v_horoscope from app.horoscopes as h where h.id = p_horoscope_id for update;
    else
        select h.* into v_horoscope from app.horoscopes as h where h.id = p_horoscope_id;
    end if;
    if not found then
        raise exception 'No horoscope %', p_horoscope_id
            using
                errcode = 'ZHNOF',
                detail = pg_catalog.jsonb_build_object('horoscope_id', p_horoscope_id)::text,
                hint = 'Check the horoscope id.';
    end if;
    return v_horoscope;
end;
$$;

comment on function app.find_horoscope(uuid, boolean) is
'The horoscope the caller may see, optionally locked. Errors: ZHNOF.';

revoke execute on function app.find_horoscope(uuid, boolean) from public, anon;

grant execute on function app.find_horoscope(uuid, boolean) to authenticated, service_role;
