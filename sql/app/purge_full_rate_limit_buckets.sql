-- requires: sql/app/now.sql
-- requires: sql/app/rate_limit_parse.sql

-- purge_full_rate_limit_buckets: forgets buckets that have been refilling for a whole refill
-- period; they are full again, and a missing bucket is a full one, so nothing changes for
-- anybody. Their retention is therefore their refill period, not a number of days: deleting
-- a bucket sooner would hand its subject fresh tokens. Part of app.job_purge_old. Definer
-- because no API role holds a privilege on the buckets table.
create or replace function app.purge_full_rate_limit_buckets() returns integer
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
            and b.refreshed_at
            < app.now()
            - pg_catalog.make_interval(secs => (app.rate_limit_parse(s.value)).refill_seconds)
        returning 1
    )
    select count(*)::integer from gone
$$;

comment on function app.purge_full_rate_limit_buckets() is
'Deletes token buckets idle for a whole refill period (they are full); returns the count.';

revoke execute on function app.purge_full_rate_limit_buckets()
from public, anon, authenticated;

grant execute on function app.purge_full_rate_limit_buckets() to service_role;
