-- requires: sql/app/draft_overlap.sql

-- order_results_draft_provenance: the one place where a result's provenance is recorded. On
-- every write of a result it finds the order's assist draft its text overlaps most
-- (app.draft_overlap; the latest draft wins a tie) and stores that draft and the overlap on the
-- result, so a monitor approving it sees how much came from a draft and ops can report it. No
-- draft, or no text: both null. It runs after order_results_10_guard (triggers fire in name
-- order), so the guard sees only the columns the writer changed.
-- Invoker: the writer is the order's reader (RLS shows them its drafts) or the service side.
create or replace function app.order_results_draft_provenance() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    new.draft_id := null;
    new.draft_overlap := null;
    if new.output_text is null then
        return new;
    end if;
    select x.id, x.overlap
    into new.draft_id, new.draft_overlap
    from (
        select
            d.id,
            d.created_at,
            app.draft_overlap(new.output_text, d.text) as overlap
        from app.assist_drafts as d
        where d.order_id = new.order_id
    ) as x
    order by x.overlap desc nulls last, x.created_at desc
    limit 1;
    return new;
end;
$$;

comment on function app.order_results_draft_provenance() is
'Trigger: records on a result the order''s draft its text overlaps most, and that overlap.';

revoke execute on function app.order_results_draft_provenance()
from public, anon, authenticated, service_role;

create or replace trigger order_results_20_draft_provenance
before insert or update on app.order_results
for each row execute function app.order_results_draft_provenance();
