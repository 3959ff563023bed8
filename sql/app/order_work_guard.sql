-- requires: sql/app/changed_columns.sql

-- order_work_guard: who may write an order's result (app.order_results) and internal notes
-- (app.order_notes), and when. The rule comes from app.order_transitions: a signed-in caller
-- may write a column only while a transition open to them on the order (from its current
-- status, their role, its condition, the transition they named; app.order_transitions_open)
-- lists it in writable_columns. So the reader writes the result and their note while the order
-- is theirs in progress or rejected, a monitor the comment or rejection reason while it awaits
-- approval, and nobody anything once it is delivered or cancelled. A result medium must be the
-- caller's own upload (ORDMD). The service role, postgres and jobs write freely.
-- Invoker: the order is read under the caller's RLS; an order they cannot see is refused.
-- Raises USRBL (caller blocked), ORDNF (order not visible), ORDTR (no step of the order is open
-- to the caller now), 42501 (the open steps do not list the columns), ORDMD.
create or replace function app.order_work_guard() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
    v_changed text[];
begin
    new.updated_at := pg_catalog.now();
    if app.order_actor() = 'service' then
        return new;
    end if;
    perform app.assert_caller_not_blocked();
    -- for share: a note or result written while another transaction moves the order waits for
    -- it (and then sees the new state), so nothing lands on an order that has moved on
    select o.* into v_order from app.orders as o where o.id = new.order_id for share;

    v_changed := app.changed_columns(
        pg_catalog.to_jsonb(new),
        case when tg_op = 'UPDATE' then pg_catalog.to_jsonb(old) else '{}'::jsonb end,
        array['order_id', 'updated_at']
    );

    if v_order.id is null then
        raise exception 'No order %', new.order_id
            using
                errcode = 'ORDNF',
                detail = pg_catalog.jsonb_build_object('order', new.order_id)::text,
                hint = 'Check the order id.';
    end if;
    -- no step open to the caller at all: the order is in the wrong state for them (ORDTR, as
    -- the orders trigger says it); a step open, but not for these columns: not theirs (42501)
    if not exists (select 1 from app.order_transitions_open(v_order)) then
        raise exception 'Order % cannot be worked on now (%)', v_order.id, v_order.status
            using
                errcode = 'ORDTR',
                detail = pg_catalog.jsonb_build_object(
                    'order_id', v_order.id, 'from', v_order.status, 'actor', app.order_actor(),
                    'transition', nullif(pg_catalog.current_setting('app.order_transition', true), '')
                )::text,
                hint = 'Refresh the order: someone may have moved it already.';
    end if;
    if v_changed is not null and not exists (
        select 1 from app.order_transitions_open(v_order) as t
        where v_changed <@ t.writable_columns
    ) then
        raise exception 'Not allowed to write % of this order now',
            pg_catalog.array_to_string(v_changed, ', ')
            using
                errcode = '42501',
                detail = pg_catalog.jsonb_build_object(
                    'order_id', new.order_id, 'status', v_order.status, 'columns', v_changed
                )::text,
                hint = 'Use the RPC of the step you are taking.';
    end if;

    if
        'output_media_id' = any(v_changed)
        and (pg_catalog.to_jsonb(new) ->> 'output_media_id') is not null
        and not exists (
            select 1 from app.media_assets as m
            where
                m.id = (pg_catalog.to_jsonb(new) ->> 'output_media_id')::uuid
                and m.owner_id = auth.uid()
        )
    then
        raise exception 'Unknown media %', pg_catalog.to_jsonb(new) ->> 'output_media_id'
            using
                errcode = 'ORDMD',
                detail = pg_catalog.jsonb_build_object(
                    'media', pg_catalog.to_jsonb(new) ->> 'output_media_id'
                )::text,
                hint = 'Attach media you uploaded yourself.';
    end if;
    return new;
end;
$$;

comment on function app.order_work_guard() is
'Trigger: an order''s result and notes change only as an open transition allows. Errors: '
'USRBL, ORDNF, ORDTR, 42501, ORDMD.';

revoke execute on function app.order_work_guard() from public, anon, authenticated, service_role;

create or replace trigger order_results_10_guard
before insert or update on app.order_results
for each row execute function app.order_work_guard();

create or replace trigger order_notes_10_guard
before insert or update on app.order_notes
for each row execute function app.order_work_guard();
