-- Ops over calls and AI-assist drafts: the indexes its reports read (ops_metrics buckets ended
-- calls by ended_at and results by their order's submitted_at; job_purge_old finds old drafts by
-- created_at; the snapshot's live calls use calls_state_idx, its bookings of the day
-- call_bookings_starts_at_idx), and the calls dataset of the CSV exports.

create index calls_ended_at_idx on app.calls (ended_at) where ended_at is not null;

create index orders_submitted_at_idx on app.orders (submitted_at) where submitted_at is not null;

create index assist_drafts_created_at_idx on app.assist_drafts (created_at);

-- the calls dataset of the CSV exports, read by app.export_calls
insert into app.export_datasets (code, description)
values ('calls', 'Call bookings starting in the range, with the live call once dialled.')
on conflict (code) do nothing;
