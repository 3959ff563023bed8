-- requires: sql/app/now.sql

-- stale_storage_files: the Storage objects app.job_purge_old removes although no row of ours
-- is deleted with them, as [{"bucket", "path", "reason": "orphan"}]: objects of a media bucket
-- (app.media_purposes) with no app.media_assets row, and objects of the exports bucket with no
-- app.exports row, a day after they were stored (media_upload and ops_export store a file
-- before its row commits, so a younger one may still be on its way).
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
        select o.bucket_id as bucket, o.name as path, 'orphan' as reason
        from storage.objects as o
        where
            o.created_at < app.now() - interval '1 day'
            and (
                (
                    o.bucket_id in (select p.bucket from app.media_purposes as p)
                    and not exists (
                        select 1 from app.media_assets as m
                        where m.bucket = o.bucket_id and m.path = o.name
                    )
                )
                or (
                    o.bucket_id = 'exports'
                    and not exists (
                        select 1 from app.exports as e
                        where e.bucket = o.bucket_id and e.storage_path = o.name
                    )
                )
            )
    ) as f
$$;

comment on function app.stale_storage_files() is
'Storage objects to remove: media and export files without their row (a day old).';

revoke execute on function app.stale_storage_files() from public, anon, authenticated;

grant execute on function app.stale_storage_files() to service_role;
