-- save_order_notes: writes the notes a step gives (the reader's note on submitting, the
-- monitor's comment and the rejection reason on judging) into app.order_notes; a null leaves
-- that note as it was. app.order_work_guard decides whether the caller may write them now.
create or replace function app.save_order_notes(
    p_order_id uuid,
    p_reader_note text default null,
    p_monitor_comment text default null,
    p_rejection_reason text default null
) returns void
language sql
volatile
security invoker
set search_path = ''
as $$
    insert into app.order_notes as n (order_id, reader_note, monitor_comment, rejection_reason)
    select
        p_order_id,
        nullif(pg_catalog.btrim(p_reader_note), ''),
        nullif(pg_catalog.btrim(p_monitor_comment), ''),
        nullif(pg_catalog.btrim(p_rejection_reason), '')
    where coalesce(p_reader_note, p_monitor_comment, p_rejection_reason) is not null
    on conflict (order_id) do update
        set
            reader_note = coalesce(excluded.reader_note, n.reader_note),
            monitor_comment = coalesce(excluded.monitor_comment, n.monitor_comment),
            rejection_reason = coalesce(excluded.rejection_reason, n.rejection_reason)
$$;

comment on function app.save_order_notes(uuid, text, text, text) is
'Writes the given notes of an order (nulls keep the old ones), as app.order_work_guard allows.';

revoke execute on function app.save_order_notes(uuid, text, text, text) from public, anon;

grant execute on function app.save_order_notes(uuid, text, text, text) to authenticated;
