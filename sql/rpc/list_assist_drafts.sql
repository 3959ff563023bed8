-- list_assist_drafts: the AI assist drafts of an order, newest first, each with its kind, model,
-- prompt version, cited knowledge chunks and confidences (seed: GET /api/assist/drafts/{id}).
-- Callable by authenticated readers, monitors, admins and superadmins; clients never (42501),
-- and RLS decides the rest: a reader sees the drafts of the orders assigned to them, staff
-- every order's, so another reader's order is missing (ORDNF).
-- Raises USRBL (caller blocked), 42501 (a client, or no role), ORDNF.
create or replace function public.list_assist_drafts(p_order_id uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('reader', 'monitor', 'admin', 'superadmin');
    if not exists (select 1 from app.orders as o where o.id = p_order_id) then
        raise exception 'No order %', p_order_id
            using
                errcode = 'ORDNF',
                detail = pg_catalog.jsonb_build_object('order', p_order_id)::text,
                hint = 'Check the order id; readers see only the orders assigned to them.';
    end if;
    return coalesce(
        (
            select pg_catalog.jsonb_agg(
                pg_catalog.jsonb_build_object(
                    'id', d.id,
                    'order_id', d.order_id,
                    'author_id', d.author_id,
                    'kind', d.kind,
                    'model', d.model,
                    'prompt_version', d.prompt_version,
                    'chunk_ids', pg_catalog.to_jsonb(d.chunk_ids),
                    'sample_confidences', pg_catalog.to_jsonb(d.sample_confidences),
                    'confidence', d.confidence,
                    'fallback_reason', d.fallback_reason,
                    'text', d.text,
                    'language', d.language,
                    'created_at', d.created_at
                )
                order by d.created_at desc, d.id
            )
            from app.assist_drafts as d
            where d.order_id = p_order_id
        ),
        '[]'::jsonb
    );
end;
$$;

comment on function public.list_assist_drafts(uuid) is
'An order''s AI assist drafts, newest first, for its assigned reader and staff. '
'Errors: USRBL, 42501, ORDNF.';

revoke execute on function public.list_assist_drafts(uuid) from public, anon;
grant execute on function public.list_assist_drafts(uuid) to authenticated;
