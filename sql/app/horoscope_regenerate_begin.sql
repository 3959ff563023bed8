-- requires: sql/app/find_horoscope.sql

-- horoscope_regenerate_begin: what the function regenerate_horoscope needs before it downloads
-- again, as the caller: a monitor or admin (USRBL, 42501) and the horoscope (ZHNOF). Returns
-- {"sign", "date", "source_url"}.
create or replace function app.horoscope_regenerate_begin(p_horoscope_id uuid) returns jsonb
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
    return pg_catalog.jsonb_build_object(
        'sign', v_horoscope.sign,
        'date', v_horoscope.horoscope_date,
        'source_url', v_horoscope.source_url
    );
end;
$$;

comment on function app.horoscope_regenerate_begin(uuid) is
'Regenerate function: the sign, day and stored source of a horoscope. '
'Errors: USRBL, 42501, ZHNOF.';

revoke execute on function app.horoscope_regenerate_begin(uuid) from public, anon;

grant execute on function app.horoscope_regenerate_begin(uuid) to authenticated;
