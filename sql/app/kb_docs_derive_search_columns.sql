-- requires: sql/app/normalise_search_text.sql
-- kb_docs_derive_search_columns: keeps a document's normalised title (the trigram list of
-- app.kb_search) derived from its title, for every writer. A trigger rather than a generated
-- column because the normalisation is a function of sql/app, which migrations may not call.
create or replace function app.kb_docs_derive_search_columns() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    new.title_normalised := app.normalise_search_text(new.title);
    return new;
end;
$$;

comment on function app.kb_docs_derive_search_columns() is
'Trigger: derives title_normalised of app.kb_docs from title.';

revoke execute on function app.kb_docs_derive_search_columns()
from public, anon, authenticated, service_role;

create or replace trigger kb_docs_10_derive_search_columns
before insert or update of title on app.kb_docs
for each row execute function app.kb_docs_derive_search_columns();
