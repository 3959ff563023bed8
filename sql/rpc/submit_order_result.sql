-- submit_order_result: the assigned reader submits the result for approval, as text and/or a
-- media asset they uploaded, with an optional internal note (transition `submit`: in_progress
-- or rejected -> awaiting_approval; seed: POST /api/orders/{id}/result). Callable by
-- authenticated readers. The text is trimmed; the trigger checks the result.
-- Raises USRBL (caller blocked), 42501 (not a reader), ORDNF, ORDTR (not in progress or
-- rejected), ORDRQ (no result, or text over 20000 characters), ORDMD (media not the caller's).
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
declare
    v_order app.orders;
begin
    perform app.require_role('reader');
    perform app.lock_order(p_order_id, p_reader_id => auth.uid());
    perform app.name_order_transition('submit');
    update app.orders as o
    set
        status = 'awaiting_approval',
        output_text = nullif(pg_catalog.btrim(p_output_text), ''),
        output_media_id = p_output_media_id,
        reader_note = coalesce(nullif(pg_catalog.btrim(p_reader_note), ''), o.reader_note)
    where o.id = p_order_id
    returning o.* into v_order;
    perform app.name_order_transition(null);
    return app.order_json(v_order);
end;
$$;

comment on function public.submit_order_result(uuid, text, uuid, text) is
'The assigned reader submits text and/or media for approval. '
'Errors: USRBL, 42501, ORDNF, ORDTR, ORDRQ, ORDMD.';

revoke execute on function public.submit_order_result(uuid, text, uuid, text) from public, anon;
grant execute on function public.submit_order_result(uuid, text, uuid, text) to authenticated;
