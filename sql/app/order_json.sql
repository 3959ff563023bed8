-- The order as its caller may see it. The client who owns the order gets no internal field
-- (reader note, monitor comment, rejection reason, who assigned or judged) and the result only
-- once it is delivered; readers (RLS: only their assignments), staff and the platform get the
-- whole row.
create or replace function app.order_json(p_order app.orders) returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select case
        when p_order.client_id = (select auth.uid())
            then pg_catalog.jsonb_build_object(
                'id', p_order.id,
                'client_id', p_order.client_id,
                'service_code', p_order.service_code,
                'status', p_order.status,
                'question', p_order.question,
                'input_media_id', p_order.input_media_id,
                'is_gold', p_order.is_gold,
                'scheduled_at', p_order.scheduled_at,
                'output_text',
                case when p_order.status = 'delivered' then p_order.output_text end,
                'output_media_id',
                case when p_order.status = 'delivered' then p_order.output_media_id end,
                'delivered_at', p_order.delivered_at,
                'cancelled_at', p_order.cancelled_at,
                'cancel_reason', p_order.cancel_reason,
                'created_at', p_order.created_at,
                'updated_at', p_order.updated_at
            )
        else pg_catalog.to_jsonb(p_order)
    end
$$;

comment on function app.order_json(app.orders) is
'An order as JSON for the caller: its client sees no internal field and no undelivered result.';

revoke execute on function app.order_json(app.orders) from public, anon;

grant execute on function app.order_json(app.orders) to authenticated;

grant execute on function app.order_json(app.orders) to service_role;
