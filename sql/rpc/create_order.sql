-- create_order: a client orders a reading of an active service. Callable by authenticated
-- (clients only: other roles get 42501) and never by anon. Invoker: the orders insert policy
-- and the orders_10 trigger decide what may be written.
-- Raises 42501 (not a client), ORDBL (caller blocked), ORDPF (profile incomplete, under age or
-- phone unverified; detail: {"missing_fields": [...]}), ORDQE (empty question), ORDQL (question
-- longer than the orders.max_question_length setting), ORDSV (unknown or inactive service),
-- ORDMD (input media not the caller's), PT429 (HTTP 429: over the `orders` limit, or the
-- `orders_astro` limit for astro; detail retry_after_seconds=N, from app.rate_limit_take_own).
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
    v_user_id uuid := auth.uid();
    v_missing text[];
    v_question text := pg_catalog.btrim(p_question);
    v_max_length integer;
    v_order app.orders;
begin
    if v_user_id is null or app.current_role() is distinct from 'client' then
        raise exception 'Only clients may order'
            using errcode = '42501', hint = 'Sign in with a client account.';
    end if;
    perform app.assert_caller_not_blocked();
    v_missing := app.profile_missing_fields(v_user_id);
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
    if pg_catalog.char_length(v_question) > v_max_length then
        raise exception 'The question is too long'
            using
                errcode = 'ORDQL',
                detail = pg_catalog.format(
                    'length: %s, maximum: %s', pg_catalog.char_length(v_question), v_max_length
                ),
                hint = 'Shorten the question.';
    end if;
    if not exists (
        select 1 from app.services as s
        where s.code = p_service_code and s.is_active
    ) then
        raise exception 'Unknown or inactive service %', coalesce(p_service_code, 'null')
            using
                errcode = 'ORDSV',
                detail = pg_catalog.format('service: %s', coalesce(p_service_code, 'null')),
                hint = 'Pick a service from list_services.';
    end if;
    if p_input_media_id is not null and not exists (
        select 1 from app.media_assets as m
        where m.id = p_input_media_id and m.owner_id = v_user_id
    ) then
        raise exception 'Unknown media %', p_input_media_id
            using
                errcode = 'ORDMD',
                detail = pg_catalog.format('media: %s', p_input_media_id),
                hint = 'Attach media you uploaded yourself.';
    end if;

    -- Rate limits last, so that a rejected request spends no token; the bucket row lock of
    -- app.rate_limit_take keeps parallel calls within the budget. The _own wrapper spends the
    -- caller's bucket (subject auth.uid(), i.e. v_user_id): authenticated may not name a subject.
    perform app.rate_limit_take_own('orders', 1);
    if p_service_code = 'astro' then
        perform app.rate_limit_take_own('orders_astro', 1);
    end if;

    insert into app.orders as o (client_id, service_code, question, input_media_id, is_gold)
    values (v_user_id, p_service_code, v_question, p_input_media_id, coalesce(p_is_gold, false))
    returning o.* into v_order;

    return app.order_json(v_order);
end;
$$;

comment on function public.create_order(text, text, uuid, boolean) is
'Creates an order (status new) for the signed-in client and returns it as the client sees it. '
'Errors: 42501, ORDBL, ORDPF (detail: missing_fields), ORDQE, ORDQL, ORDSV, ORDMD, PT429.';

revoke execute on function public.create_order(text, text, uuid, boolean) from public, anon;
grant execute on function public.create_order(text, text, uuid, boolean) to authenticated;
