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

-- BEFORE triggers fire in name order: check the transition, stamp it, then touch updated_at.
create or replace trigger orders_10_enforce_transition
before insert or update on app.orders
for each row execute function app.orders_enforce_transition();
