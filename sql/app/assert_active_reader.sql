-- requires: sql/app/is_active_reader.sql

-- assert_active_reader: ORDRD unless the profile is an unblocked reader (app.is_active_reader);
-- detail {"reader": id}. For the call RPCs that name a reader: booking one, reading their
-- availability. (An assignment meets the same rule in the orders trigger.)
create or replace function app.assert_active_reader(p_profile_id uuid) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if not app.is_active_reader(p_profile_id) then
        raise exception '% is not an active reader', p_profile_id
            using
                errcode = 'ORDRD',
                detail = pg_catalog.jsonb_build_object('reader', p_profile_id)::text,
                hint = 'Pick an unblocked user with the reader role.';
    end if;
end;
$$;

comment on function app.assert_active_reader(uuid) is
'Raises ORDRD unless the profile is an unblocked reader.';

revoke execute on function app.assert_active_reader(uuid) from public, anon;

grant execute on function app.assert_active_reader(uuid) to authenticated;
