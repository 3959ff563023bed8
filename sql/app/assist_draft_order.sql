-- requires: sql/app/order_transitions_open.sql

-- assist_draft_order: the one home of who may have an AI assist draft written for an order.
-- Only its assigned reader (app.lock_order with the caller as reader: another reader's order,
-- an unassigned one or one the caller cannot see is missing), and only while a step of the
-- order is open to them (assigned, in progress or rejected: app.order_transitions_open), so
-- nothing is drafted for an order already handed in, delivered or cancelled. Both the start of
-- a draft (app.assist_draft_begin) and its insert (app.assist_drafts_check_insert) ask it.
-- Invoker: the caller's RLS decides which orders exist for them. Returns the locked order.
-- Raises USRBL (caller blocked), 42501 (not a reader), ORDNF, ORDTR (no step open to them).
create or replace function app.assist_draft_order(p_order_id uuid) returns app.orders
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
begin
    perform app.require_role('reader');
    v_order := app.lock_order(p_order_id, p_reader_id => auth.uid());
    if not exists (select 1 from app.order_transitions_open(v_order)) then
        raise exception 'Order % is not being worked on (%)', v_order.id, v_order.status
            using
                errcode = 'ORDTR',
                detail = pg_catalog.jsonb_build_object(
                    'order_id', v_order.id, 'status', v_order.status
                )::text,
                hint = 'Drafts are for orders assigned to you, in progress or rejected.';
    end if;
    return v_order;
end;
$$;

comment on function app.assist_draft_order(uuid) is
'Locks the order when the caller is its assigned reader and may work on it now. '
'Errors: USRBL, 42501, ORDNF, ORDTR.';

revoke execute on function app.assist_draft_order(uuid) from public, anon;

grant execute on function app.assist_draft_order(uuid) to authenticated;
