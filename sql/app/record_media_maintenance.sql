-- requires: sql/app/published_audio.sql
-- requires: sql/app/loudness_target.sql

-- record_media_maintenance: the end of the media_maintenance job. p_checks is
-- [{"media_id", "outcome": ok|missing|sha256_mismatch|unreadable, "integrated_lufs"}] from the
-- job's Python step. It records each check in app.media_checks, marking published audio whose
-- loudness lies more than setting media.loudness.tolerance_lu (default 3) from the platform
-- target (app.loudness_target: media.loudness.target_lufs, default -16) as an outlier, then
-- rebuilds every reader's voice reference from their latest 10 approved or delivered recordings
-- that have a measurement. Returns the counts, and the files that are missing or changed and
-- the outliers by media id. Definer because no API role writes these tables; it writes only
-- them.
create or replace function app.record_media_maintenance(p_checks jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_target numeric := (app.loudness_target() ->> 'target_lufs')::numeric;
    v_tolerance numeric := coalesce(
        (
            select (s.value ->> 'tolerance_lu')::numeric
            from app.app_settings as s
            where s.key = 'media.loudness'
        ),
        3
    );
    v_references integer;
begin
    insert into app.media_checks as c (
        media_id, checked_at, outcome, integrated_lufs, loudness_outlier
    )
    select
        x.media_id,
        pg_catalog.now(),
        x.outcome,
        x.integrated_lufs,
        coalesce(abs(x.integrated_lufs - v_target) > v_tolerance, false)
    from pg_catalog.jsonb_to_recordset(p_checks)
        as x (media_id uuid, outcome text, integrated_lufs numeric)
    inner join app.media_assets as m on x.media_id = m.id
    on conflict (media_id) do update
        set
            checked_at = excluded.checked_at,
            outcome = excluded.outcome,
            integrated_lufs = excluded.integrated_lufs,
            loudness_outlier = excluded.loudness_outlier;

    delete from app.reader_voice_references;
    insert into app.reader_voice_references (
        reader_id, media_ids, recordings, mean_lufs, min_lufs, max_lufs, stddev_lufs, rebuilt_at
    )
    select
        r.reader_id,
        pg_catalog.array_agg(r.media_id order by r.published_at desc),
        count(*)::integer,
        round(avg(r.integrated_lufs), 2),
        min(r.integrated_lufs),
        max(r.integrated_lufs),
        round(stddev_samp(r.integrated_lufs), 2),
        pg_catalog.now()
    from (
        select
            p.reader_id,
            p.media_id,
            p.published_at,
            c.integrated_lufs,
            row_number() over (partition by p.reader_id order by p.published_at desc) as n
        from app.published_audio() as p
        inner join app.media_checks as c on p.media_id = c.media_id
        where p.reader_id is not null and c.integrated_lufs is not null
    ) as r
    where r.n <= 10
    group by r.reader_id;
    get diagnostics v_references = row_count;

    return pg_catalog.jsonb_build_object(
        'checked', pg_catalog.jsonb_array_length(p_checks),
        'problems', coalesce(
            (
                select pg_catalog.jsonb_agg(x.value order by x.value ->> 'media_id')
                from pg_catalog.jsonb_array_elements(p_checks) as x
                where x.value ->> 'outcome' <> 'ok'
            ),
            '[]'::jsonb
        ),
        'loudness_outliers', coalesce(
            (
                select pg_catalog.jsonb_agg(c.media_id order by c.media_id)
                from app.media_checks as c
                where c.loudness_outlier
            ),
            '[]'::jsonb
        ),
        'voice_references', v_references
    );
end;
$$;

comment on function app.record_media_maintenance(jsonb) is
'Records the media checks of media_maintenance, flags loudness outliers, rebuilds readers'' '
'voice references; returns a summary.';

revoke execute on function app.record_media_maintenance(jsonb) from public, anon, authenticated;

grant execute on function app.record_media_maintenance(jsonb) to service_role;
