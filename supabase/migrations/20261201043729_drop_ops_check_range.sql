-- The period rule (both ends, the end after the start, at most N days) has one home,
-- app.check_period, which takes the caller's error code; the ops-only copy goes.
-- captured: sql/app/ops_check_range.sql removed
drop function if exists app.ops_check_range(timestamptz, timestamptz, integer);
