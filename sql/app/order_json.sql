-- order_json: the order as its caller may see it, with its result, the result's draft
-- provenance (draft_id, draft_overlap; not for the client) and notes. The result and
-- notes come from app.order_results and app.order_notes under the caller's RLS, so their
-- policies decide: a client sees the result once delivered and never a note; the assigned
-- reader and staff see both. The client also gets none of the order's workflow stamps (who
-- assigned or judged it, when); readers (RLS: their assignments), staff and the platform get
-- the whole row.
create or replace function app.order_json(p_order app.orders) returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select
        case
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
                    'delivered_at', p_order.delivered_at,
                    'cancelled_at', p_order.cancelled_at,
                    'cancel_reason', p_order.cancel_reason,
                    'created_at', p_order.created_at,
                    'updated_at', p_order.updated_at
                )
            else pg_catalog.to_jsonb(p_order)
        end
        || pg_catalog.jsonb_build_object(
            'output_text', r.output_text,
            'output_media_id', r.output_media_id
        )
        -- the result's provenance (how much came from an AI assist draft, which the client never
        -- sees): what a monitor weighs when approving
        || case
            when p_order.client_id = (select auth.uid()) then '{}'::jsonb
            else pg_catalog.jsonb_build_object(
                'draft_id', r.draft_id,
                'draft_overlap', r.draft_overlap
            )
        end
        -- the client's shape has no note fields at all (RLS would give them nulls anyway), so
        -- the notes are not even looked up for the client
        || case
            when p_order.client_id = (select auth.uid()) then '{}'::jsonb
            else coalesce(
                (
                    select pg_catalog.jsonb_build_object(
                        'reader_note', n.reader_note,
                        'monitor_comment', n.monitor_comment,
                        'rejection_reason', n.rejection_reason
                    )
                    from app.order_notes as n
                    where n.order_id = p_order.id
                ),
                '{"reader_note": null, "monitor_comment": null, "rejection_reason": null}'::jsonb
            )
        end
    from (select 1) as one
    left join app.order_results as r on r.order_id = p_order.id
$$;

comment on function app.order_json(app.orders) is
'An order as JSON for the caller, with the result and notes its RLS lets the caller read.';

revoke execute on function app.order_json(app.orders) from public, anon;

grant execute on function app.order_json(app.orders) to authenticated;

grant execute on function app.order_json(app.orders) to service_role;
