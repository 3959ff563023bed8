-- The trigram list of app.kb_search reads document titles best first (`<<->`, one minus
-- word similarity) and stops after a few: only a GiST trigram index can hand rows out in
-- distance order, so it replaces the GIN index, which could only filter by `<%` and left
-- every matching title to be scored and sorted.
drop index app.kb_docs_title_trgm_idx;
create index kb_docs_title_trgm_idx on app.kb_docs
using gist (title_normalised extensions.gist_trgm_ops);
