-- Indexes for the ops reports over calls and AI-assist drafts: ops_metrics buckets ended calls by
-- ended_at and submitted results by the order's submitted_at; job_purge_old finds old drafts by
-- created_at. (The snapshot's live calls use calls_state_idx, its bookings of the day
-- call_bookings_starts_at_idx.)

create index calls_ended_at_idx on app.calls (ended_at) where ended_at is not null;

create index orders_submitted_at_idx on app.orders (submitted_at) where submitted_at is not null;

create index assist_drafts_created_at_idx on app.assist_drafts (created_at);
