-- job_copy_call_recordings: the call recordings whose copy from Twilio into Storage is still
-- pending (the webhook's copy failed, or Twilio had not finished the file), oldest first, at
-- most 50 a run. Finding is all it does: the jobs function copies each one
-- (samia_functions.call_recordings), claiming it with app.call_recording_claim.
create or replace function app.job_copy_call_recordings() returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
        'recordings', coalesce(pg_catalog.jsonb_agg(p.id order by p.created_at), '[]'::jsonb)
    )
    from (
        select m.id, m.created_at
        from app.media_assets as m
        where m.purpose = 'call_recording' and m.details ->> 'stored_at' = 'twilio'
        order by m.created_at
        limit 50
    ) as p
$$;

comment on function app.job_copy_call_recordings() is
'Job: the call recordings still waiting for their copy into Storage (the jobs function copies).';

revoke execute on function app.job_copy_call_recordings() from public, anon, authenticated;

grant execute on function app.job_copy_call_recordings() to service_role;
