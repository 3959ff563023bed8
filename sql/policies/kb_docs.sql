-- app.kb_docs: the knowledge base of AI assist. Readers and staff read it (search cites it);
-- admins and superadmins add documents, in their own name. Nobody updates or deletes through
-- the API: a changed text is a new document (its content hash differs).

alter table app.kb_docs enable row level security;

revoke all on table app.kb_docs from anon, authenticated, service_role;
grant select on table app.kb_docs to authenticated;
grant insert (title, language, source, licence, added_by, content_hash)
on table app.kb_docs to authenticated;

drop policy if exists kb_docs_select_assist on app.kb_docs;
create policy kb_docs_select_assist on app.kb_docs
for select
to authenticated
using ((select app.has_role('reader', 'monitor', 'admin', 'superadmin')));

drop policy if exists kb_docs_insert_admin on app.kb_docs;
create policy kb_docs_insert_admin on app.kb_docs
for insert
to authenticated
with check (
    (select app.has_role('admin', 'superadmin'))
    and added_by = (select auth.uid())
);
