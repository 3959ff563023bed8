-- submit_order_result: the assigned reader submits the result for approval, as text and/or a
-- media asset they uploaded, with an optional internal note (transition `submit`: in_progress
-- or rejected -> awaiting_approval; seed: POST /api/orders/{id}/result). Callable by
-- authenticated readers. The result goes to app.order_results and the note to
-- app.order_notes (their guard decides who may write them when), then the status changes.
-- Raises USRBL (caller blocked), 42501 (not a reader), ORDNF, ORDTR (not in progress or
-- rejected), ORDRQ (no result), ORDMD (media not the caller's), 23514 (text over 20000
-- characters, note over 4000).
create or replace function public.submit_order_result(
    p_order_id uuid,
    p_output_text text default null,
    p_output_media_id uuid default null,
    p_reader_note text default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('reader');
    perform app.lock_order(p_order_id, p_reader_id => auth.uid());
    perform app.name_order_transition('submit');
    insert into app.order_results as r (order_id, output_text, output_media_id)
    values (p_order_id, nullif(pg_catalog.btrim(p_output_text), ''), p_output_media_id)
    on conflict (order_id) do update
        set
            output_text = excluded.output_text,
            output_media_id = excluded.output_media_id;
    perform app.save_order_notes(p_order_id, p_reader_note => p_reader_note);
    return app.order_json(app.transition_order(p_order_id, 'submit'));
end;
$$;

comment on function public.submit_order_result(uuid, text, uuid, text) is
'The assigned reader submits text and/or media for approval. '
'Errors: USRBL, 42501, ORDNF, ORDTR, ORDRQ, ORDMD, 23514.';

revoke execute on function public.submit_order_result(uuid, text, uuid, text) from public, anon;
grant execute on function public.submit_order_result(uuid, text, uuid, text) to authenticated;
