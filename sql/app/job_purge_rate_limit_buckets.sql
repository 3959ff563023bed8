-- requires: sql/app/now.sql

-- Job: forget buckets that have been refilling for a whole period; they are full again, and a
-- missing bucket is a full one, so nothing changes for anybody. Run through /functions/v1/jobs
-- ({"job": "purge_rate_limit_buckets"}) or `samia jobs run`, e.g. hourly. Definer because the
-- jobs endpoint runs as service_role, which holds no privilege on the buckets table.
create or replace function app.job_purge_rate_limit_buckets() returns integer
language sql
volatile
security definer
set search_path = ''
as $$
    with gone as (
        delete from app.rate_limit_buckets as b
        using app.app_settings as s
        where
            s.key = 'rate_limit.' || b.action
            and (s.value ->> 'refill_seconds') ~ '^[1-9][0-9]{0,8}$'
            and b.refreshed_at
            < app.now()
            - pg_catalog.make_interval(secs => (s.value ->> 'refill_seconds')::integer)
        returning 1
    )
    select count(*)::integer from gone
$$;

comment on function app.job_purge_rate_limit_buckets() is
'Job: deletes token buckets idle for a whole refill period (they are full); returns the count.';

revoke execute on function app.job_purge_rate_limit_buckets()
from public, anon, authenticated;

grant execute on function app.job_purge_rate_limit_buckets() to service_role;
