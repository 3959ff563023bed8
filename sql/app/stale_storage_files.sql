-- requires: sql/app/now.sql
-- requires: sql/app/retention_days.sql

-- stale_storage_files: the Storage objects app.job_purge_old removes although no row of ours
-- is deleted with them, as [{"bucket", "path", "reason"}]:
--  * expired exports: objects of the exports bucket older than retention.exports_days;
--  * orphans: objects of a media bucket (app.media_purposes) with no app.media_assets row, a day
--    after they were stored (media_upload stores a file before its row commits, so a younger
--    one may still be on its way).
-- It only reads; the Python step of the job removes the files through Storage. Definer because
-- no API role reads every object and media row.
create or replace function app.stale_storage_files() returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
    select coalesce(
        pg_catalog.jsonb_agg(
            pg_catalog.jsonb_build_object('bucket', f.bucket, 'path', f.path, 'reason', f.reason)
            order by f.bucket, f.path
        ),
        '[]'::jsonb
    )
    from (
        select o.bucket_id as bucket, o.name as path, 'expired_export' as reason
        from storage.objects as o
        where
            o.bucket_id = 'exports'
            and o.created_at
            < app.now() - pg_catalog.make_interval(days => app.retention_days('exports'))
        union all
        select o.bucket_id, o.name, 'orphan'
        from storage.objects as o
        inner join app.media_purposes as p on o.bucket_id = p.bucket
        where
            o.created_at < app.now() - interval '1 day'
            and not exists (
                select 1 from app.media_assets as m
                where m.bucket = o.bucket_id and m.path = o.name
            )
    ) as f
$$;

comment on function app.stale_storage_files() is
'Storage objects to remove: exports past retention.exports_days, media files without a row.';

revoke execute on function app.stale_storage_files() from public, anon, authenticated;

grant execute on function app.stale_storage_files() to service_role;
