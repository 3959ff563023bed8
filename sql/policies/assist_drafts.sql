-- app.assist_drafts: AI assist drafts are for the people who work on the order and never for
-- its client. Whoever may see the order sees its drafts, except its client: the orders policy
-- decides who sees which order (its assigned reader, unblocked staff; a reader the order was
-- taken from no longer sees it), and this policy only leaves the client out, as for the
-- order's notes. Inserts: the caller's own drafts, written through the assist_draft function;
-- app.assist_drafts_check_insert (trigger) admits only the order's assigned reader and stamps
-- the author. Drafts are records: nobody updates or deletes them.

alter table app.assist_drafts enable row level security;

revoke all on table app.assist_drafts from anon, authenticated, service_role;
grant select on table app.assist_drafts to authenticated;
grant insert (
    order_id, kind, model, prompt_version, chunk_ids, sample_confidences, confidence,
    fallback_reason, text, language
) on table app.assist_drafts to authenticated;
grant select on table app.assist_drafts to service_role;
grant insert (
    order_id, author_id, kind, model, prompt_version, chunk_ids, sample_confidences, confidence,
    fallback_reason, text, language
) on table app.assist_drafts to service_role;

drop policy if exists assist_drafts_select_authenticated on app.assist_drafts;
create policy assist_drafts_select_authenticated on app.assist_drafts
for select
to authenticated
using (
    exists (
        select 1 from app.orders as o
        where o.id = assist_drafts.order_id and o.client_id <> (select auth.uid())
    )
);

drop policy if exists assist_drafts_insert_authenticated on app.assist_drafts;
create policy assist_drafts_insert_authenticated on app.assist_drafts
for insert
to authenticated
with check (author_id = (select auth.uid()));
