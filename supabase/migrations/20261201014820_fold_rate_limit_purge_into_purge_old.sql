-- The hourly purge_rate_limit_buckets job is now one step of the daily purge_old
-- (app.purge_full_rate_limit_buckets, same rule); its cron entry is removed by
-- app.sync_pg_cron_jobs.
-- captured: sql/app/job_purge_rate_limit_buckets.sql removed
drop function if exists app.job_purge_rate_limit_buckets();
