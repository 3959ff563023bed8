-- requires: sql/app/normalise_search_text.sql
-- kb_chunks_derive_search_columns: keeps a chunk's search columns derived from its text, for
-- every writer (the add RPCs, the seed, a re-embed): the normalised text and its tsvectors in
-- the `arabic` and `simple` configurations (full-text indexes). A trigger rather than
-- generated columns because the normalisation is a function of sql/app, which
-- migrations may not call.
create or replace function app.kb_chunks_derive_search_columns() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    new.text_normalised := app.normalise_search_text(new.text);
    new.tsv_arabic := pg_catalog.to_tsvector('pg_catalog.arabic'::regconfig, new.text_normalised);
    new.tsv_simple := pg_catalog.to_tsvector('pg_catalog.simple'::regconfig, new.text_normalised);
    return new;
end;
$$;

comment on function app.kb_chunks_derive_search_columns() is
'Trigger: derives text_normalised, tsv_arabic and tsv_simple of app.kb_chunks from text.';

revoke execute on function app.kb_chunks_derive_search_columns()
from public, anon, authenticated, service_role;

create or replace trigger kb_chunks_10_derive_search_columns
before insert or update of text on app.kb_chunks
for each row execute function app.kb_chunks_derive_search_columns();
