-- requires: sql/app/changed_columns.sql
-- requires: sql/app/is_active_reader.sql

-- orders_enforce_transition: the one home of the order workflow. Every insert and update of
-- app.orders, by every caller, passes here:
-- - an order starts as new (ORDTR); a signed-in caller's insert must pass
--   app.orders_check_client_insert (the create_order rules, rate limits included);
-- - a status change must be a row of app.order_transitions for the caller's role (the service
--   role, postgres and jobs act as `service`), of the name the RPC gave with
--   app.name_order_transition if it gave one (ORDTR; detail {"order_id", "from", "to", "actor",
--   "transition"}); an API caller's reassignment must change the reader (ORDTR);
-- - for signed-in callers: not blocked (USRBL), the row's condition holds (own_order: the
--   client; assigned_reader: the reader; app.order_transitions_open) and only the row's
--   writable columns of app.orders change (42501); a cancellation has a reason and a rejection
--   a rejection reason in app.order_notes (app.require_reason: RSNRQ); a new reader is an
--   unblocked reader (ORDRD, app.is_active_reader);
-- - a submitted order has a result in app.order_results (ORDRQ). The result and the notes are
--   written before the status changes, under app.order_work_guard.
-- Invoker: the reads run as the caller, under RLS, so a row the caller cannot see counts as
-- missing, which fails closed. RPCs lock the row and make one update per transition; a racing
-- second caller then finds the new state and gets ORDTR.
create or replace function app.orders_enforce_transition() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_actor text;
    v_name text := nullif(pg_catalog.current_setting('app.order_transition', true), '');
    v_transition app.order_transitions;
    v_changed text[];
begin
    if tg_op = 'INSERT' then
        if new.status <> 'new' then
            raise exception 'An order starts as new, not %', new.status
                using
                    errcode = 'ORDTR',
                    detail = pg_catalog.jsonb_build_object('to', new.status)::text,
                    hint = 'Create the order, then move it through the allowed transitions.';
        end if;
        if current_user = 'authenticated' then
            new := app.orders_check_client_insert(new);
        end if;
        return new;
    end if;

    if current_user = 'anon' then
        raise exception 'Not allowed to change orders'
            using errcode = '42501', hint = 'Sign in.';
    end if;
    v_actor := app.order_actor();
    if v_actor <> 'service' then
        perform app.assert_caller_not_blocked();
    end if;

    if v_actor = 'service' and old.status = new.status and v_name is null then
        return new;
    end if;

    select t.* into v_transition
    from app.order_transitions_open(old) as t
    where t.to_status = new.status;

    if not found then
        if exists (
            select 1 from app.order_transitions as t
            where
                t.from_status = old.status and t.to_status = new.status
                and t.actor_role = v_actor and (v_name is null or t.name = v_name)
        ) then
            raise exception 'Not allowed to move order % from % to %', old.id, old.status, new.status
                using
                    errcode = '42501',
                    hint = 'Only the order''s own client or assigned reader may do this.';
        end if;
        raise exception 'Order % cannot go from % to % (%)',
            old.id, old.status, new.status, coalesce(v_name, 'unnamed')
            using
                errcode = 'ORDTR',
                detail = pg_catalog.jsonb_build_object(
                    'order_id', old.id, 'from', old.status, 'to', new.status,
                    'actor', v_actor, 'transition', v_name
                )::text,
                hint = 'Refresh the order: someone may have moved it already. '
                'app.order_transitions lists what each role may do.';
    end if;

    if v_actor <> 'service' then
        if v_transition.name = 'reassign' and new.reader_id is not distinct from old.reader_id then
            raise exception 'Order % already has this reader', old.id
                using
                    errcode = 'ORDTR',
                    detail = pg_catalog.jsonb_build_object(
                        'order_id', old.id, 'from', old.status, 'to', new.status,
                        'actor', v_actor, 'transition', v_transition.name
                    )::text,
                    hint = 'Reassign to another reader.';
        end if;

        v_changed := app.changed_columns(
            pg_catalog.to_jsonb(new), pg_catalog.to_jsonb(old),
            array['status'] || v_transition.writable_columns
        );
        if v_changed is not null then
            raise exception 'These order fields cannot change with this transition: %',
                pg_catalog.array_to_string(v_changed, ', ')
                using
                    errcode = '42501',
                    detail = pg_catalog.jsonb_build_object('columns', v_changed)::text,
                    hint = 'Use the RPC that names this transition.';
        end if;

        -- a cancellation carries its reason, a rejection the reason in app.order_notes
        if new.status = 'cancelled' then
            new.cancel_reason := app.require_reason(new.cancel_reason);
        elsif new.status = 'rejected' and not exists (
            select 1 from app.order_notes as n
            where n.order_id = new.id and n.rejection_reason is not null
        ) then
            perform app.require_reason(null);
        end if;

        if
            (new.status = 'assigned' and new.reader_id is null)
            or (
                new.reader_id is not null
                and new.reader_id is distinct from old.reader_id
                and not app.is_active_reader(new.reader_id)
            )
        then
            raise exception '% is not an active reader', new.reader_id
                using
                    errcode = 'ORDRD',
                    detail = pg_catalog.jsonb_build_object('reader', new.reader_id)::text,
                    hint = 'Pick an unblocked user with the reader role.';
        end if;
    end if;

    if new.status = 'awaiting_approval' and not exists (
        select 1 from app.order_results as r
        where
            r.order_id = new.id
            and (r.output_text is not null or r.output_media_id is not null)
    ) then
        raise exception 'A result is required: text and/or media'
            using
                errcode = 'ORDRQ',
                detail = pg_catalog.jsonb_build_object('order_id', new.id)::text,
                hint = 'Write the reading or attach the recording.';
    end if;
    return new;
end;
$$;

comment on function app.orders_enforce_transition() is
'Trigger: the order workflow. Inserts start as new and pass app.orders_check_client_insert; '
'updates must be a named or matching row of app.order_transitions for the caller. Errors: '
'ORDTR, USRBL, 42501, RSNRQ, ORDRD, ORDRQ and those of app.orders_check_client_insert.';

revoke execute on function app.orders_enforce_transition()
from public, anon, authenticated, service_role;

create or replace trigger orders_10_enforce_transition
before insert or update on app.orders
for each row execute function app.orders_enforce_transition();
