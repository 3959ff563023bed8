-- app.rate_limit_buckets: admins and superadmins may look at the buckets (who is being limited);
-- nobody writes them except app.rate_limit_take() and the purge job (both definer).

alter table app.rate_limit_buckets enable row level security;

revoke all on table app.rate_limit_buckets from anon, authenticated, service_role;
grant select on table app.rate_limit_buckets to authenticated;

drop policy if exists rate_limit_buckets_select_authenticated on app.rate_limit_buckets;
create policy rate_limit_buckets_select_authenticated on app.rate_limit_buckets
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
