-- requires: sql/app/now.sql
-- requires: sql/app/horoscope_today.sql
-- requires: sql/app/retention_days.sql

-- purge_old_horoscopes: part of app.job_purge_old. Deletes the horoscopes of days more than
-- retention.horoscopes_days before today (on the horoscope calendar), then the media rows of
-- their audio and of any horoscope audio no horoscope uses that is older than the same period
-- (a re-ingest replaced it), and returns the files to remove from Storage:
-- {"horoscopes": n, "audio": n, "files": [{"bucket", "path", "reason": "purged"}]}. Definer because no API role may
-- delete horoscopes or media rows; it deletes only what retention says.
create or replace function app.purge_old_horoscopes() returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_days integer := app.retention_days('horoscopes');
    v_horoscopes integer;
    v_audio uuid[];
    v_files jsonb;
begin
    with gone as (
        delete from app.horoscopes as h
        where h.horoscope_date < app.horoscope_today() - v_days
        returning h.media_id
    )
    select count(*)::integer, pg_catalog.array_agg(g.media_id) filter (where g.media_id is not null)
    into v_horoscopes, v_audio
    from gone as g;

    with gone as (
        delete from app.media_assets as m
        where
            m.purpose = 'horoscope_audio'
            and (
                m.id = any(v_audio)
                or m.created_at < app.now() - pg_catalog.make_interval(days => v_days)
            )
            and not exists (select 1 from app.horoscopes as h where h.media_id = m.id)
        returning m.bucket, m.path
    )
    select coalesce(
        pg_catalog.jsonb_agg(
            pg_catalog.jsonb_build_object('bucket', g.bucket, 'path', g.path, 'reason', 'purged')
            order by g.bucket, g.path
        ),
        '[]'::jsonb
    )
    into v_files
    from gone as g;

    return pg_catalog.jsonb_build_object(
        'horoscopes', v_horoscopes,
        'audio', pg_catalog.jsonb_array_length(v_files),
        'files', v_files
    );
end;
$$;

comment on function app.purge_old_horoscopes() is
'Deletes horoscopes and their audio rows past retention.horoscopes_days; returns the files.';

revoke execute on function app.purge_old_horoscopes() from public, anon, authenticated;

grant execute on function app.purge_old_horoscopes() to service_role;
