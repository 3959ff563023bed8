-- requires: sql/app/now.sql
-- requires: sql/app/retention_days.sql

-- purge_old_phone_verification_attempts: part of app.job_purge_old. Deletes the attempts made
-- more than retention.phone_verification_attempts_days ago; returns how many. No rate limit
-- reads them (the buckets do that), so only the admins' view of old attempts shrinks.
-- Definer because no API role may delete attempts.
create or replace function app.purge_old_phone_verification_attempts() returns integer
language sql
volatile
security definer
set search_path = ''
as $$
    with gone as (
        delete from app.phone_verification_attempts as a
        where
            a.created_at
            < app.now()
            - pg_catalog.make_interval(days => app.retention_days('phone_verification_attempts'))
        returning 1
    )
    select count(*)::integer from gone
$$;

comment on function app.purge_old_phone_verification_attempts() is
'Deletes phone verification attempts older than retention.phone_verification_attempts_days.';

revoke execute on function app.purge_old_phone_verification_attempts()
from public, anon, authenticated;

grant execute on function app.purge_old_phone_verification_attempts() to service_role;
