-- Helpers of the order RPCs: the longest question (a setting) and the shape of an order as its
-- caller may see it (app.order_json). Who may order is app.profile_missing_fields(user), from
-- migration 20261127200100_profile_missing_fields, which create_order calls.

-- Definer because clients cannot read app.app_settings; returns one number.
create or replace function app.order_question_max_length() returns integer
language sql
stable
security definer
set search_path = ''
as $$
    -- the table's check constraint caps questions at 2000 characters whatever the setting says
    select least(coalesce(max((s.value #>> '{}')::integer), 2000), 2000)
    from app.app_settings as s
    where s.key = 'orders.max_question_length'
$$;

comment on function app.order_question_max_length() is
'Longest question a client may write (setting orders.max_question_length, at most 2000).';
revoke execute on function app.order_question_max_length() from public, anon;
grant execute on function app.order_question_max_length() to authenticated;
grant execute on function app.order_question_max_length() to service_role;

-- The first step of every order action: refuse a blocked caller. Invoker: the caller reads
-- their own profile row. Raises ORDBL.
create or replace function app.assert_caller_not_blocked() returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if exists (
        select 1 from app.profiles as p
        where p.id = (select auth.uid()) and p.is_blocked
    ) then
        raise exception 'Your account is blocked'
            using errcode = 'ORDBL', hint = 'Contact an admin.';
    end if;
end;
$$;

comment on function app.assert_caller_not_blocked() is
'Raises ORDBL when the signed-in caller is blocked.';
revoke execute on function app.assert_caller_not_blocked() from public, anon;
grant execute on function app.assert_caller_not_blocked() to authenticated;

-- Locks the order an action works on, so racing actions queue and the loser sees the new state.
-- Invoker: RLS decides what the caller may lock; p_reader_id / p_client_id narrow it to an
-- assignee or an owner. An order the caller cannot see is missing. Raises ORDNF.
create or replace function app.lock_order(
    p_order_id uuid,
    p_reader_id uuid default null,
    p_client_id uuid default null
) returns app.orders
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
begin
    select o.* into v_order
    from app.orders as o
    where
        o.id = p_order_id
        and (p_reader_id is null or o.reader_id = p_reader_id)
        and (p_client_id is null or o.client_id = p_client_id)
    for update;
    if not found then
        raise exception 'No order %', p_order_id
            using
                errcode = 'ORDNF',
                detail = pg_catalog.format('order: %s', p_order_id),
                hint = 'Check the order id.';
    end if;
    return v_order;
end;
$$;

comment on function app.lock_order(uuid, uuid, uuid) is
'Locks an order the caller may see (optionally only as its reader or client). Errors: ORDNF.';
revoke execute on function app.lock_order(uuid, uuid, uuid) from public, anon;
grant execute on function app.lock_order(uuid, uuid, uuid) to authenticated;

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
