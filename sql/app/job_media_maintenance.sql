-- requires: sql/app/published_audio.sql
-- requires: sql/app/stale_storage_files.sql

-- Job media_maintenance (monthly, app.jobs_schedule), SQL part: decides which files the
-- job's Python step (samia_functions.media_maintenance) looks at. Returns
-- {"objects": [{"media_id", "bucket", "path", "sha256", "measure"}], "orphans": [...]}: every
-- media row, with measure true for published audio (app.published_audio), and the media
-- files with no row (app.stale_storage_files). The step downloads each file, compares its
-- sha256, measures loudness where asked and hands the outcome to
-- app.record_media_maintenance. Definer because no API role reads every media row; it only
-- reads, and is granted to service_role alone (app.run_job).
create or replace function app.job_media_maintenance() returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
        'objects',
        coalesce(
            (
                select
                    pg_catalog.jsonb_agg(
                        pg_catalog.jsonb_build_object(
                            'media_id', m.id,
                            'bucket', m.bucket,
                            'path', m.path,
                            'sha256', m.sha256,
                            'measure', exists (
                                select 1 from app.published_audio() as p where p.media_id = m.id
                            )
                        )
                        order by m.bucket, m.path
                    )
                from app.media_assets as m
            ),
            '[]'::jsonb
        ),
        'orphans',
        coalesce(
            (
                select pg_catalog.jsonb_agg(f.value - 'reason')
                from pg_catalog.jsonb_array_elements(app.stale_storage_files()) as f
                where f.value ->> 'reason' = 'orphan'
            ),
            '[]'::jsonb
        )
    )
$$;

comment on function app.job_media_maintenance() is
'Job (SQL part): the media files to check, which to measure, and the files without a row.';

revoke execute on function app.job_media_maintenance() from public, anon, authenticated;

grant execute on function app.job_media_maintenance() to service_role;
