-- orders_check_client_insert: the one home of what a client's new order must satisfy, for
-- public.create_order and a direct insert alike (the orders_10 trigger calls it for every
-- insert by authenticated). Invoker: it reads as the caller. In order: an unblocked caller
-- (USRBL) who is a client (42501), their own order (42501), a profile that may order (ORDPF; detail
-- {"missing_fields": [...]}), a question that is not empty (ORDQE) nor too long (ORDQL) after
-- trimming, an active service (ORDSV), the caller's own input media (ORDMD), and last the
-- caller's rate limits (PT429: `orders`, plus `orders_astro` for astro). A failed insert rolls
-- the tokens back with it, so a refused order costs nothing. Returns the order to insert, its
-- question trimmed.
-- It returned void before it returned the trimmed order; a return type only changes by drop.
drop function if exists app.orders_check_client_insert(app.orders);

create or replace function app.orders_check_client_insert(p_order app.orders) returns app.orders
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_missing text[];
    v_max_length integer := app.order_question_max_length();
begin
    perform app.require_role('client');
    if p_order.client_id is distinct from auth.uid() then
        raise exception 'Not allowed to order for someone else'
            using errcode = '42501', hint = 'Order for yourself.';
    end if;
    v_missing := app.profile_missing_fields(p_order.client_id);
    if pg_catalog.cardinality(v_missing) > 0 then
        raise exception 'Complete your profile before ordering'
            using
                errcode = 'ORDPF',
                detail = pg_catalog.jsonb_build_object('missing_fields', v_missing)::text,
                hint = 'Fill in the missing fields and verify your phone; you must be of age.';
    end if;
    p_order.question := pg_catalog.btrim(p_order.question);
    if p_order.question is null or p_order.question = '' then
        raise exception 'The question is empty'
            using errcode = 'ORDQE', hint = 'Write your question.';
    end if;
    if pg_catalog.char_length(p_order.question) > v_max_length then
        raise exception 'The question is too long'
            using
                errcode = 'ORDQL',
                detail = pg_catalog.jsonb_build_object(
                    'length', pg_catalog.char_length(p_order.question), 'maximum', v_max_length
                )::text,
                hint = 'Shorten the question.';
    end if;
    if not exists (
        select 1 from app.services as s
        where s.code = p_order.service_code and s.is_active
    ) then
        raise exception 'Unknown or inactive service %', coalesce(p_order.service_code, 'null')
            using
                errcode = 'ORDSV',
                detail = pg_catalog.jsonb_build_object('service', p_order.service_code)::text,
                hint = 'Pick a service from list_services.';
    end if;
    if p_order.input_media_id is not null and not exists (
        select 1 from app.media_assets as m
        where m.id = p_order.input_media_id and m.owner_id = auth.uid()
    ) then
        raise exception 'Unknown media %', p_order.input_media_id
            using
                errcode = 'ORDMD',
                detail = pg_catalog.jsonb_build_object('media', p_order.input_media_id)::text,
                hint = 'Attach media you uploaded yourself.';
    end if;
    perform app.rate_limit_take_own('orders', 1);
    if p_order.service_code = 'astro' then
        perform app.rate_limit_take_own('orders_astro', 1);
    end if;
    return p_order;
end;
$$;

comment on function app.orders_check_client_insert(app.orders) is
'What a client''s new order must satisfy (create_order and direct inserts alike); returns it '
'with the question trimmed. Errors: USRBL, 42501, ORDPF, ORDQE, ORDQL, ORDSV, ORDMD, PT429.';

revoke execute on function app.orders_check_client_insert(app.orders)
from public, anon, service_role;

grant execute on function app.orders_check_client_insert(app.orders) to authenticated;
