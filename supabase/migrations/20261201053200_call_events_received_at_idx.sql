-- purge_old removes the callbacks of ended calls by the time they were received
-- (app.purge_old_call_events); without this index that is a pass over every callback ever kept.
create index call_events_received_at_idx on app.call_events (received_at);
