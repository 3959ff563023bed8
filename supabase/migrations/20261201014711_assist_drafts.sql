-- AI assist drafts: what the assist_draft function wrote for an order's assigned reader, with
-- its provenance (the model, the prompt version, the knowledge chunks it cited, the confidence
-- of every sample), and, on the order's result, how much of the submitted text came from a
-- draft. Shape only: who may draft (app.assist_draft_order), the insert check, the overlap
-- measure and the policies live in sql/ (docs/assist_drafts.md).

create table app.assist_drafts (
    id uuid primary key default gen_random_uuid(),
    order_id uuid not null references app.orders (id) on delete cascade,
    -- the reader the draft was written for; set by the insert trigger to the caller
    author_id uuid not null references app.profiles (id) on delete cascade,
    -- llm: sampled from a chat-completions model and kept for its confidence;
    -- extractive: ranked sentences of the retrieved chunks, no model involved
    kind text not null check (kind in ('llm', 'extractive')),
    -- the chat model for llm drafts; null for extractive ones
    model text check (char_length(model) between 1 and 200),
    -- the version of the prompt (llm) or of the sentence ranking (extractive) that made it
    prompt_version text not null check (char_length(prompt_version) between 1 and 100),
    -- app.kb_chunks ids the draft cites, in citation order ([1] is the first). Kept as ids, not
    -- foreign keys: a draft records what it cited even after the knowledge base changes.
    chunk_ids bigint[] not null default '{}' check (array_position(chunk_ids, null) is null),
    -- the DeepConf confidence of every sample drawn (llm), in the order drawn; empty otherwise
    sample_confidences double precision[] not null default '{}'
    check (array_position(sample_confidences, null) is null),
    -- the confidence of the kept sample (llm); null for extractive drafts
    confidence double precision,
    -- why an extractive draft was made although a model is configured (the endpoint failed,
    -- every sample fell below the threshold); null when no model is configured or for llm
    fallback_reason text check (char_length(fallback_reason) between 1 and 200),
    text text not null check (char_length(text) between 1 and 20000),
    language text not null check (language in ('ar', 'en')),
    created_at timestamptz not null default now(),
    constraint assist_drafts_llm_has_model check (
        (kind = 'llm' and model is not null and confidence is not null)
        or (kind = 'extractive' and model is null and confidence is null)
    )
);

comment on table app.assist_drafts is
'AI assist drafts of an order for its assigned reader, with the model, prompt version, cited '
'knowledge chunks and sample confidences. Never visible to clients.';

alter table app.assist_drafts enable row level security;
revoke all on table app.assist_drafts from anon, authenticated, service_role;

-- the policies filter on order_id (through the orders policy); the listing orders by time
create index assist_drafts_order_id_created_at_idx on app.assist_drafts (order_id, created_at);
create index assist_drafts_author_id_idx on app.assist_drafts (author_id);

-- Provenance of a result: the order's draft its text overlaps most, and that overlap (the
-- share of the result's words that came from the draft, 0..1; app.draft_overlap). Written by
-- the trigger order_results_20_draft_provenance on every write of the text, never by callers.
alter table app.order_results
add column draft_id uuid references app.assist_drafts (id) on delete set null,
add column draft_overlap real check (draft_overlap between 0 and 1);

comment on column app.order_results.draft_id is
'The order''s assist draft the result text overlaps most (null: no draft, or no text).';
comment on column app.order_results.draft_overlap is
'Share of the result text''s words that came from draft_id, 0..1 (app.draft_overlap).';

create index order_results_draft_id_idx on app.order_results (draft_id);
