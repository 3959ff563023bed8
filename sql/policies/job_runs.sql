-- app.job_runs: admins and superadmins may read the record of job runs (what ran, when, what it
-- did, what failed); nobody writes it except app.record_job_run (definer, for app.run_job).

alter table app.job_runs enable row level security;

revoke all on table app.job_runs from anon, authenticated, service_role;
grant select on table app.job_runs to authenticated;

drop policy if exists job_runs_select_authenticated on app.job_runs;
create policy job_runs_select_authenticated on app.job_runs
for select
to authenticated
using ((select app.has_role('admin', 'superadmin')));
