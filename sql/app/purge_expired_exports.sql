-- requires: sql/app/now.sql

-- purge_expired_exports: part of app.job_purge_old. Deletes the export rows past their
-- expires_at (set when the export began, from retention.exports_days) and returns
-- {"exports": n, "files": [{"bucket", "path", "reason": "expired_export"}]}, the ZIPs to remove
-- from Storage. Definer because no API role may delete export rows.
create or replace function app.purge_expired_exports() returns jsonb
language sql
volatile
security definer
set search_path = ''
as $$
    with gone as (
        delete from app.exports as e
        where e.expires_at < app.now()
        returning e.bucket, e.storage_path
    )
    select pg_catalog.jsonb_build_object(
        'exports', count(*),
        'files', coalesce(
            pg_catalog.jsonb_agg(
                pg_catalog.jsonb_build_object(
                    'bucket', g.bucket, 'path', g.storage_path, 'reason', 'expired_export'
                )
                order by g.storage_path
            ),
            '[]'::jsonb
        )
    )
    from gone as g
$$;

comment on function app.purge_expired_exports() is
'Deletes export rows past expires_at; returns their count and the files to remove.';

revoke execute on function app.purge_expired_exports() from public, anon, authenticated;

grant execute on function app.purge_expired_exports() to service_role;
