-- submit_order_result: the assigned reader submits the result for approval, as text and/or a
-- media asset they uploaded (in_progress or rejected -> awaiting_approval), with an optional
-- internal note. Callable by authenticated: readers (42501 for other roles).
-- Raises 42501, ORDBL (caller blocked), ORDRQ (no result, or text over 20000 characters),
-- ORDMD (media not the caller's), ORDNF, ORDST (not in progress or rejected; detail: status).
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
    v_text text := nullif(pg_catalog.btrim(p_output_text), '');
    v_order app.orders;
begin
    if not app.has_role('reader') then
        raise exception 'Only readers submit results'
            using errcode = '42501', hint = 'Sign in with a reader account.';
    end if;
    perform app.assert_caller_not_blocked();
    if
        (v_text is null and p_output_media_id is null)
        or pg_catalog.char_length(v_text) > 20000
    then
        raise exception 'A result is required: text of at most 20000 characters and/or media'
            using
                errcode = 'ORDRQ',
                detail = pg_catalog.format(
                    'text length: %s, media: %s',
                    coalesce(pg_catalog.char_length(v_text), 0),
                    coalesce(p_output_media_id::text, 'none')
                ),
                hint = 'Write the reading or attach the recording.';
    end if;
    if p_output_media_id is not null and not exists (
        select 1 from app.media_assets as m
        where m.id = p_output_media_id and m.owner_id = auth.uid()
    ) then
        raise exception 'Unknown media %', p_output_media_id
            using
                errcode = 'ORDMD',
                detail = pg_catalog.format('media: %s', p_output_media_id),
                hint = 'Attach media you uploaded yourself.';
    end if;
    v_order := app.lock_order(p_order_id, p_reader_id => auth.uid());
    if v_order.status not in ('in_progress', 'rejected') then
        raise exception 'Order % cannot take a result now', p_order_id
            using
                errcode = 'ORDST',
                detail = pg_catalog.format('status: %s', v_order.status),
                hint = 'Start the order first; submitted results wait for a monitor.';
    end if;

    update app.orders as o
    set
        status = 'awaiting_approval',
        output_text = v_text,
        output_media_id = p_output_media_id,
        reader_note = coalesce(nullif(pg_catalog.btrim(p_reader_note), ''), o.reader_note)
    where o.id = p_order_id
    returning o.* into v_order;

    return app.order_json(v_order);
end;
$$;

comment on function public.submit_order_result(uuid, text, uuid, text) is
'The assigned reader submits text and/or media for approval. '
'Errors: 42501, ORDBL, ORDRQ, ORDMD, ORDNF, ORDST.';

revoke execute on function public.submit_order_result(uuid, text, uuid, text) from public, anon;
grant execute on function public.submit_order_result(uuid, text, uuid, text) to authenticated;
