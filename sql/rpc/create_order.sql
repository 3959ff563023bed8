-- create_order: a client orders a reading of an active service (seed: POST /api/orders).
-- Callable by authenticated clients; never by anon. Invoker: the orders_10 trigger
-- (app.orders_check_client_insert, which also checks the caller's role) and the orders insert
-- policy decide, exactly as for a direct insert; this function only names the caller and
-- shapes the answer.
-- Raises USRBL (caller blocked), 42501 (not a client), ORDPF (profile incomplete, under age or
-- phone unverified; detail {"missing_fields": [...]}), ORDQE (empty question), ORDQL (question
-- too long; detail {"length", "maximum"}), ORDSV (unknown or inactive service), ORDMD (input
-- media not the caller's), PT429 (HTTP 429: over the `orders` limit, or `orders_astro` for
-- astro; detail {"retry_after_seconds": N}).
create or replace function public.create_order(
    p_service_code text,
    p_question text,
    p_input_media_id uuid default null,
    p_is_gold boolean default false
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
    insert into app.orders as o (client_id, service_code, question, input_media_id, is_gold)
    values (auth.uid(), p_service_code, p_question, p_input_media_id, coalesce(p_is_gold, false))
    returning o.* into v_order;
    return app.order_json(v_order);
end;
$$;

comment on function public.create_order(text, text, uuid, boolean) is
'Creates an order (status new) for the signed-in client and returns it as the client sees it. '
'Errors: USRBL, 42501, ORDPF (detail: missing_fields), ORDQE, ORDQL, ORDSV, ORDMD, PT429.';

revoke execute on function public.create_order(text, text, uuid, boolean) from public, anon;
grant execute on function public.create_order(text, text, uuid, boolean) to authenticated;
