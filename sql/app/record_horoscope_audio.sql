-- requires: sql/app/name_horoscope_transition.sql

-- record_horoscope_audio: the ingest function's one write (horoscopes_ingest,
-- regenerate_horoscope), as the caller, after the audio is stored or the fetch failed.
-- p_transition is `ingest` (new audio from p_source_url: the row is created or replaced and
-- goes back to pending), `regenerate` (new audio from the stored source: pending) or `fail`
-- (the error p_error_code/p_error_detail; the row keeps no audio). The row of the sign and day
-- is locked first, so two ingests of one day queue. Returns {"horoscope": ..., "replaced_media_id":
-- the audio the row no longer uses, for the caller to remove, or null}.
-- Raises USRBL, 42501 (not a monitor or admin), ZHNOF (regenerate without a row), and the
-- horoscopes trigger's errors (ZHTRN, ...).
create or replace function app.record_horoscope_audio(
    p_transition text,
    p_sign text,
    p_date date,
    p_source_url text default null,
    p_media_id uuid default null,
    p_duration_ms integer default null,
    p_error_code text default null,
    p_error_detail text default null
) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_old app.horoscopes;
    v_new app.horoscopes;
    v_to text;
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    select pg_catalog.min(t.to_status) into v_to
    from app.horoscope_transitions as t
    where t.name = p_transition and t.name in ('ingest', 'regenerate', 'fail');
    select h.* into v_old
    from app.horoscopes as h
    where h.sign = p_sign and h.horoscope_date = p_date
    for update;
    if v_old.id is null and p_transition = 'regenerate' then
        raise exception 'No horoscope of % on %', p_sign, p_date
            using
                errcode = 'ZHNOF',
                detail = pg_catalog.jsonb_build_object('sign', p_sign, 'date', p_date)::text,
                hint = 'Ingest it first.';
    end if;

    perform app.name_horoscope_transition(p_transition);
    if v_old.id is null then
        insert into app.horoscopes as h (
            sign, horoscope_date, status, source_url, media_id, duration_ms, error_code,
            error_detail
        )
        values (
            p_sign, p_date, v_to, p_source_url, p_media_id, p_duration_ms, p_error_code,
            p_error_detail
        )
        returning h.* into v_new;
    elsif p_transition = 'fail' then
        update app.horoscopes as h
        set
            status = v_to,
            source_url = coalesce(p_source_url, h.source_url),
            error_code = p_error_code,
            error_detail = p_error_detail
        where h.id = v_old.id
        returning h.* into v_new;
    else
        update app.horoscopes as h
        set
            status = v_to,
            source_url = coalesce(p_source_url, h.source_url),
            media_id = p_media_id,
            duration_ms = p_duration_ms
        where h.id = v_old.id
        returning h.* into v_new;
    end if;
    perform app.name_horoscope_transition(null);

    return pg_catalog.jsonb_build_object(
        'horoscope', app.horoscope_json(v_new),
        'replaced_media_id', nullif(v_old.media_id, v_new.media_id)
    );
end;
$$;

comment on function app.record_horoscope_audio(text, text, date, text, uuid, integer, text, text) is
'Ingest function: writes the audio (or the failure) of a sign and day under the named '
'transition; returns the row and the audio it replaced. Errors: USRBL, 42501, ZHNOF, ZHTRN.';

revoke execute on function app.record_horoscope_audio(text, text, date, text, uuid, integer, text, text)
from public, anon;

grant execute on function app.record_horoscope_audio(text, text, date, text, uuid, integer, text, text)
to authenticated;
