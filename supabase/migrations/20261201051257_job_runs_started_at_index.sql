-- purge_old removes job runs past their retention by start time, across all jobs; the
-- (job, started_at) index serves one job's history, not that.
create index job_runs_started_at_idx on app.job_runs (started_at);
