-- Order write checks (security review): a signed-in user writing app.orders directly (a SQL
-- session, not the RPCs) skipped the checks the RPCs make: an incomplete profile could insert,
-- a blocked reader could start, a reader could attach someone else's media and an admin could
-- assign to a non-reader. The orders_10 trigger function now makes those checks for
-- authenticated too, raising the RPCs' codes. The trigger itself is unchanged (it already
-- calls app.orders_enforce_transition for insert and update).

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

-- Invoker: runs as the updating role, which reads app.order_transitions through its policy.
-- API callers (authenticated) need a row for their application role whose condition holds, and
-- may change only that row's writable columns; every other caller (service_role, postgres, jobs)
-- acts as `service` and needs a `service` row for a status change. Raises ORDTR for a status
-- change not in the table for the caller, 42501 for a condition or column the caller may not use.
-- Direct writes by authenticated (SQL sessions, our Python functions) get the RPCs' own checks
-- too, so the RPCs are no longer the only guard (they still check first, for nicer errors):
-- on insert the caller's own order (42501), a complete profile (ORDPF), a question within the
-- limit (ORDQE, ORDQL), an active service (ORDSV) and the caller's own input media (ORDMD); on
-- update an unblocked caller (ORDBL), a new reader_id that is an unblocked reader (ORDRD) and a
-- new output_media_id the caller owns (ORDMD). The reads run as the caller, under RLS: a row
-- the caller cannot see counts as missing, which fails closed.
create or replace function app.orders_enforce_transition() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_actor text;
    v_transition app.order_transitions;
    v_changed text[];
begin
    if tg_op = 'INSERT' then
        if new.status <> 'new' then
            raise exception 'An order starts as new, not %', new.status
                using
                    errcode = 'ORDTR',
                    detail = pg_catalog.format('status: %s', new.status),
                    hint = 'Create the order, then move it through the allowed transitions.';
        end if;
        if current_user = 'authenticated' then
            perform app.orders_check_client_insert(new);
        end if;
        return new;
    end if;

    if current_user = 'anon' then
        raise exception 'Not allowed to change orders'
            using errcode = '42501', hint = 'Sign in.';
    end if;
    if current_user = 'authenticated' then
        v_actor := coalesce(app.current_role(), 'none');
        if exists (select 1 from app.profiles as p where p.id = auth.uid() and p.is_blocked) then
            raise exception 'Your account is blocked'
                using errcode = 'ORDBL', hint = 'Contact an admin.';
        end if;
    else
        v_actor := 'service';
    end if;

    if v_actor = 'service' and old.status = new.status then
        return new;
    end if;

    select t.* into v_transition
    from app.order_transitions as t
    where
        t.from_status = old.status
        and t.to_status = new.status
        and t.actor_role = v_actor;

    if not found then
        raise exception 'Order % cannot go from % to % as %', old.id, old.status, new.status, v_actor
            using
                errcode = 'ORDTR',
                detail = pg_catalog.format(
                    'from: %s, to: %s, actor: %s', old.status, new.status, v_actor
                ),
                hint = 'See app.order_transitions for the allowed transitions.';
    end if;

    if v_actor = 'service' then
        return new;
    end if;

    if
        (v_transition.condition = 'own_order' and old.client_id is distinct from auth.uid())
        or (
            v_transition.condition = 'assigned_reader'
            and (
                old.reader_id is distinct from auth.uid()
                or new.reader_id is distinct from old.reader_id
            )
        )
    then
        raise exception 'Not allowed to move order % from % to %', old.id, old.status, new.status
            using
                errcode = '42501',
                detail = pg_catalog.format('condition: %s', v_transition.condition),
                hint = 'Only the order''s own client or assigned reader may do this.';
    end if;

    select pg_catalog.array_agg(n.key order by n.key)
    into v_changed
    from pg_catalog.jsonb_each(pg_catalog.to_jsonb(new)) as n
    inner join pg_catalog.jsonb_each(pg_catalog.to_jsonb(old)) as o on n.key = o.key
    where
        n.value is distinct from o.value
        and n.key <> 'status'
        and not n.key = any(v_transition.writable_columns);
    if v_changed is not null then
        raise exception 'These order fields cannot change with this transition: %',
            pg_catalog.array_to_string(v_changed, ', ')
            using
                errcode = '42501',
                detail = pg_catalog.format('columns: %s', pg_catalog.array_to_string(v_changed, ', ')),
                hint = 'Use the RPC that names this transition.';
    end if;

    if new.reader_id is not null and new.reader_id is distinct from old.reader_id and not exists (
        select 1 from app.profiles as p
        where p.id = new.reader_id and p.role = 'reader' and not p.is_blocked
    ) then
        raise exception '% is not an active reader', new.reader_id
            using
                errcode = 'ORDRD',
                detail = pg_catalog.format('reader: %s', new.reader_id),
                hint = 'Pick an unblocked user with the reader role.';
    end if;
    if
        new.output_media_id is not null
        and new.output_media_id is distinct from old.output_media_id
        and not exists (
            select 1 from app.media_assets as m
            where m.id = new.output_media_id and m.owner_id = auth.uid()
        )
    then
        raise exception 'Unknown media %', new.output_media_id
            using
                errcode = 'ORDMD',
                detail = pg_catalog.format('media: %s', new.output_media_id),
                hint = 'Attach media you uploaded yourself.';
    end if;
    return new;
end;
$$;

comment on function app.orders_enforce_transition() is
'Trigger: allows only the status changes listed in app.order_transitions for the caller (ORDTR), '
'with their condition and writable columns (42501); orders are inserted as new (ORDTR). For '
'authenticated it also makes the RPCs'' checks: on insert 42501, ORDPF, ORDQE, ORDQL, ORDSV, '
'ORDMD (app.orders_check_client_insert); on update ORDBL, ORDRD, ORDMD.';
revoke execute on function app.orders_enforce_transition()
from public, anon, authenticated, service_role;
