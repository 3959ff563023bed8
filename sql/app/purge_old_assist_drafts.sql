-- requires: sql/app/now.sql
-- requires: sql/app/retention_days.sql

-- purge_old_assist_drafts: part of app.job_purge_old. Deletes the AI-assist drafts made more
-- than retention.assist_drafts_days ago that no result points at (order_results.draft_id):
-- drafts a reader asked for and never delivered. A draft a result came from stays as its
-- provenance, for the monitors and assist_draft_report. Returns how many went.
-- Definer because nobody may delete drafts through the API (no delete grant).
create or replace function app.purge_old_assist_drafts() returns integer
language sql
volatile
security definer
set search_path = ''
as $$
    with gone as (
        delete from app.assist_drafts as d
        where
            d.created_at
            < app.now() - pg_catalog.make_interval(days => app.retention_days('assist_drafts'))
            and not exists (select 1 from app.order_results as r where r.draft_id = d.id)
        returning 1
    )
    select count(*)::integer from gone
$$;

comment on function app.purge_old_assist_drafts() is
'Deletes assist drafts older than retention.assist_drafts_days that no order result points at.';

revoke execute on function app.purge_old_assist_drafts() from public, anon, authenticated;

grant execute on function app.purge_old_assist_drafts() to service_role;
