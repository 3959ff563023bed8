-- The checks public.create_order makes, for an order a signed-in caller inserts directly
-- (called by the orders_10 trigger only for authenticated). Invoker: it reads as the caller,
-- like create_order. Raises 42501 (not the caller's own order), ORDPF (profile incomplete;
-- detail {"missing_fields": [...]}), ORDQE (empty question), ORDQL (too long), ORDSV (unknown or
-- inactive service), ORDMD (input media not the caller's). Blocked clients and other roles are
-- refused by the insert policy orders_insert_client (42501).
create or replace function app.orders_check_client_insert(p_order app.orders) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_missing text[];
    v_question text := pg_catalog.btrim(p_order.question);
    v_max_length integer;
begin
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
    if v_question is null or v_question = '' then
        raise exception 'The question is empty'
            using errcode = 'ORDQE', hint = 'Write your question.';
    end if;
    v_max_length := app.order_question_max_length();
    if pg_catalog.char_length(p_order.question) > v_max_length then
        raise exception 'The question is too long'
            using
                errcode = 'ORDQL',
                detail = pg_catalog.format(
                    'length: %s, maximum: %s', pg_catalog.char_length(p_order.question), v_max_length
                ),
                hint = 'Shorten the question.';
    end if;
    if not exists (
        select 1 from app.services as s
        where s.code = p_order.service_code and s.is_active
    ) then
        raise exception 'Unknown or inactive service %', coalesce(p_order.service_code, 'null')
            using
                errcode = 'ORDSV',
                detail = pg_catalog.format('service: %s', coalesce(p_order.service_code, 'null')),
                hint = 'Pick a service from list_services.';
    end if;
    if p_order.input_media_id is not null and not exists (
        select 1 from app.media_assets as m
        where m.id = p_order.input_media_id and m.owner_id = auth.uid()
    ) then
        raise exception 'Unknown media %', p_order.input_media_id
            using
                errcode = 'ORDMD',
                detail = pg_catalog.format('media: %s', p_order.input_media_id),
                hint = 'Attach media you uploaded yourself.';
    end if;
end;
$$;

comment on function app.orders_check_client_insert(app.orders) is
'The checks of public.create_order for a direct insert by a signed-in client (orders_10 trigger). '
'Errors: 42501, ORDPF, ORDQE, ORDQL, ORDSV, ORDMD.';

revoke execute on function app.orders_check_client_insert(app.orders) from public, anon, service_role;

grant execute on function app.orders_check_client_insert(app.orders) to authenticated;
