-- requires: sql/app/find_horoscope.sql
-- requires: sql/app/assert_active_reader.sql
-- requires: sql/app/loudness_target.sql

-- horoscope_regenerate_begin: what the function regenerate_horoscope needs before it downloads
-- again, as the caller: a monitor or admin (USRBL, 42501), the horoscope (ZHNOF), and, when the
-- caller names a reader whose level the audio should match, that reader (ORDRD unless an
-- unblocked reader). Returns {"sign", "date", "source_url", "loudness": {"target_lufs", "from"}}:
-- the level to normalise to, the reader's voice reference or the platform target
-- (app.loudness_target).
drop function if exists app.horoscope_regenerate_begin(uuid);

create or replace function app.horoscope_regenerate_begin(
    p_horoscope_id uuid, p_reader_id uuid default null
) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_horoscope app.horoscopes;
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    v_horoscope := app.find_horoscope(p_horoscope_id);
    if p_reader_id is not null then
        perform app.assert_active_reader(p_reader_id);
    end if;
    return pg_catalog.jsonb_build_object(
        'sign', v_horoscope.sign,
        'date', v_horoscope.horoscope_date,
        'source_url', v_horoscope.source_url,
        'loudness', app.loudness_target(p_reader_id)
    );
end;
$$;

comment on function app.horoscope_regenerate_begin(uuid, uuid) is
'Regenerate function: the sign, day and stored source of a horoscope, and the loudness to level '
'its audio to (the named reader''s voice reference, else the platform target). '
'Errors: USRBL, 42501, ZHNOF, ORDRD.';

revoke execute on function app.horoscope_regenerate_begin(uuid, uuid) from public, anon;

grant execute on function app.horoscope_regenerate_begin(uuid, uuid) to authenticated;
