-- The order workflow as data plus a trigger (see docs/architecture.md): app.order_transitions lists every
-- allowed status change with the application role that may make it and an extra condition; a
-- before-update trigger rejects everything else for every caller, the service role and postgres
-- included. The RPCs in sql/rpc only name the transition they want.
--
-- Approval goes awaiting_approval -> approved -> delivered, both steps in the approving
-- transaction (public.approve_order). Why two states: "approved" (who judged the result, when)
-- and "delivered" (when the client could read it) are different facts with their own stamps and
-- audit rows, and keeping them apart lets a later delivery step (scheduled delivery,
-- notifications) hold an order in `approved` without changing the state machine. Why at once: the
-- seed delivers on approval, and an `approved` order nobody delivers would be exactly the dead
-- end the original system had; should one ever stay `approved`, staff can deliver or cancel it.
-- No state is a dead end: every non-final state reaches `delivered` and `cancelled`; a reader
-- who is blocked mid-work is replaced by reassigning (in_progress/rejected -> assigned). Gold
-- orders follow the very same transitions: is_gold plays no part in any rule below.

-- Who did what and when. The *_by columns hold auth.users ids like audit_log.actor_id (no
-- foreign key: a stamp must survive its author's account).
alter table app.orders
add column status_changed_at timestamptz not null default now(),
add column status_changed_by uuid,
add column assigned_at timestamptz,
add column assigned_by uuid,
add column started_at timestamptz,
add column submitted_at timestamptz,
add column approved_at timestamptz,
add column approved_by uuid,
add column rejected_at timestamptz,
add column rejected_by uuid,
add column delivered_at timestamptz,
add column cancelled_at timestamptz,
add column cancelled_by uuid,
add column reader_note text check (char_length(reader_note) <= 4000),
add column monitor_comment text check (char_length(monitor_comment) <= 2000),
add column rejection_reason text check (char_length(rejection_reason) between 1 and 1000),
add column cancel_reason text check (char_length(cancel_reason) between 1 and 1000),
add constraint orders_output_text_length check (char_length(output_text) <= 20000),
-- Data invariants of the states, for every writer (the RPCs raise registered codes first).
add constraint orders_reader_when_assigned check (
    status in ('new', 'cancelled') or reader_id is not null
),
add constraint orders_result_when_submitted check (
    status not in ('awaiting_approval', 'approved', 'delivered')
    or output_text is not null
    or output_media_id is not null
),
add constraint orders_reason_when_rejected check (
    status <> 'rejected' or rejection_reason is not null
);

comment on column app.orders.reader_note is 'Internal: the reader''s note to staff; never shown to clients.';
comment on column app.orders.monitor_comment is 'Internal: the monitor''s comment; never shown to clients.';
comment on column app.orders.rejection_reason is 'Internal: why a monitor sent the result back to the reader.';
comment on column app.orders.status_changed_by is 'auth.users id of the last status change (null: the platform).';

-- list_orders walks these newest first with a (created_at, id) keyset.
create index orders_client_id_created_at_id_idx on app.orders (client_id, created_at desc, id desc);
create index orders_reader_id_created_at_id_idx on app.orders (reader_id, created_at desc, id desc);
create index orders_created_at_id_idx on app.orders (created_at desc, id desc);

create table app.order_transitions (
    from_status app.order_status not null,
    to_status app.order_status not null,
    actor_role text not null check (
        actor_role in ('client', 'reader', 'monitor', 'admin', 'superadmin', 'service')
    ),
    condition text check (condition in ('own_order', 'assigned_reader')),
    writable_columns text[] not null default '{}',
    description text not null,
    primary key (from_status, to_status, actor_role)
);

comment on table app.order_transitions is
'Allowed order updates: from -> to, the application role (or service for the service role and '
'the platform), an extra condition (own_order: the caller is the client; assigned_reader: the '
'caller is the assigned reader) and the columns an API caller may change with it.';
alter table app.order_transitions enable row level security;
revoke all on table app.order_transitions from anon, authenticated, service_role;

insert into app.order_transitions (
    from_status, to_status, actor_role, condition, writable_columns, description
)
select
    t.from_status::app.order_status as from_status,
    t.to_status::app.order_status as to_status,
    r.actor_role,
    case when r.actor_role = 'service' then null else t.condition end as condition,
    t.writable_columns,
    t.description
from (
    values
    ('new', 'assigned', 'staff', null, '{reader_id}'::text[], 'An admin assigns a reader.'),
    (
        'assigned', 'assigned', 'staff', null, '{reader_id}'::text[],
        'An admin assigns another reader before work starts.'
    ),
    (
        'in_progress', 'assigned', 'staff', null, '{reader_id}'::text[],
        'An admin moves started work to another reader.'
    ),
    (
        'rejected', 'assigned', 'staff', null, '{reader_id}'::text[],
        'An admin gives a rejected result to another reader.'
    ),
    ('assigned', 'in_progress', 'reader', 'assigned_reader', '{}'::text[], 'The reader starts.'),
    (
        'rejected', 'in_progress', 'reader', 'assigned_reader', '{}'::text[],
        'The reader takes a rejected result back into work.'
    ),
    (
        'in_progress', 'awaiting_approval', 'reader', 'assigned_reader',
        '{output_text,output_media_id,reader_note}'::text[],
        'The reader submits the result for approval.'
    ),
    (
        'rejected', 'awaiting_approval', 'reader', 'assigned_reader',
        '{output_text,output_media_id,reader_note}'::text[],
        'The reader resubmits a corrected result.'
    ),
    (
        'awaiting_approval', 'approved', 'moderator', null, '{monitor_comment}'::text[],
        'A monitor approves the result.'
    ),
    (
        'awaiting_approval', 'rejected', 'moderator', null,
        '{rejection_reason,monitor_comment}'::text[],
        'A monitor rejects the result with a reason.'
    ),
    ('approved', 'delivered', 'moderator', null, '{}'::text[], 'The approved result is delivered.'),
    ('new', 'cancelled', 'client', 'own_order', '{cancel_reason}'::text[], 'The client cancels.'),
    (
        'assigned', 'cancelled', 'client', 'own_order', '{cancel_reason}'::text[],
        'The client cancels before work starts.'
    ),
    ('new', 'cancelled', 'staff', null, '{cancel_reason}'::text[], 'An admin cancels.'),
    ('assigned', 'cancelled', 'staff', null, '{cancel_reason}'::text[], 'An admin cancels.'),
    ('in_progress', 'cancelled', 'staff', null, '{cancel_reason}'::text[], 'An admin cancels.'),
    (
        'awaiting_approval', 'cancelled', 'staff', null, '{cancel_reason}'::text[],
        'An admin cancels.'
    ),
    ('rejected', 'cancelled', 'staff', null, '{cancel_reason}'::text[], 'An admin cancels.'),
    ('approved', 'cancelled', 'staff', null, '{cancel_reason}'::text[], 'An admin cancels.')
) as t (from_status, to_status, who, condition, writable_columns, description)
inner join (
    values
    ('client', 'client'),
    ('reader', 'reader'),
    ('moderator', 'monitor'),
    ('moderator', 'admin'),
    ('moderator', 'superadmin'),
    ('staff', 'admin'),
    ('staff', 'superadmin'),
    ('client', 'service'),
    ('reader', 'service'),
    ('moderator', 'service'),
    ('staff', 'service')
) as r (who, actor_role) on t.who = r.who
on conflict (from_status, to_status, actor_role) do nothing;

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

-- Every transition stamps who and when: the last change, plus the stamp of the state entered.
create or replace function app.orders_stamp_transition() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_now timestamptz := pg_catalog.now();
    v_by uuid := auth.uid();
begin
    if tg_op = 'INSERT' then
        new.status_changed_at := v_now;
        new.status_changed_by := coalesce(v_by, new.client_id);
        return new;
    end if;
    if new.status = old.status and new.reader_id is not distinct from old.reader_id then
        return new;
    end if;
    new.status_changed_at := v_now;
    new.status_changed_by := v_by;
    case new.status
        when 'assigned' then
            new.assigned_at := v_now;
            new.assigned_by := v_by;
        when 'in_progress' then
            new.started_at := v_now;
        when 'awaiting_approval' then
            new.submitted_at := v_now;
        when 'approved' then
            new.approved_at := v_now;
            new.approved_by := v_by;
        when 'rejected' then
            new.rejected_at := v_now;
            new.rejected_by := v_by;
        when 'delivered' then
            new.delivered_at := v_now;
        when 'cancelled' then
            new.cancelled_at := v_now;
            new.cancelled_by := v_by;
        else
            null;
    end case;
    return new;
end;
$$;

comment on function app.orders_stamp_transition() is
'Trigger: stamps status_changed_at/by and the at/by columns of the state an order enters.';
revoke execute on function app.orders_stamp_transition()
from public, anon, authenticated, service_role;

-- BEFORE triggers fire in name order: check the transition, stamp it, then touch updated_at.
create trigger orders_10_enforce_transition
before insert or update on app.orders
for each row execute function app.orders_enforce_transition();

create trigger orders_20_stamp_transition
before insert or update on app.orders
for each row execute function app.orders_stamp_transition();
