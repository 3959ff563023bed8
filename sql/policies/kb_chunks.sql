-- app.kb_chunks: chunks of the knowledge base, read by readers and staff (search), written by
-- admins and superadmins together with their document. Search columns are derived by the
-- trigger kb_chunks_10_derive_search_columns, so they are not writable.

alter table app.kb_chunks enable row level security;

revoke all on table app.kb_chunks from anon, authenticated, service_role;
grant select on table app.kb_chunks to authenticated;
grant insert (doc_id, position, text, language, embedding, embedding_model, embedding_dim)
on table app.kb_chunks to authenticated;

drop policy if exists kb_chunks_select_assist on app.kb_chunks;
create policy kb_chunks_select_assist on app.kb_chunks
for select
to authenticated
using ((select app.has_role('reader', 'monitor', 'admin', 'superadmin')));

drop policy if exists kb_chunks_insert_admin on app.kb_chunks;
create policy kb_chunks_insert_admin on app.kb_chunks
for insert
to authenticated
with check ((select app.has_role('admin', 'superadmin')));
