-- The audit trail. Append-only for every role, the service role and postgres included: rows are
-- never updated or deleted and the table is never truncated (the retention job will get its own
-- guarded path when it lands).

create table app.audit_log (
    id bigint generated always as identity primary key,
    occurred_at timestamptz not null default now(),
    actor_id uuid,
    actor_role text,
    event text not null,
    entity_type text not null,
    entity_id text,
    old_data jsonb,
    new_data jsonb,
    request_id text
);

comment on table app.audit_log is
'Append-only record of state changes: who (actor), what (event, entity), before and after.';
alter table app.audit_log enable row level security;
revoke all on table app.audit_log from anon, authenticated, service_role;

create index audit_log_occurred_at_idx on app.audit_log (occurred_at);
create index audit_log_entity_idx on app.audit_log (entity_type, entity_id);
create index audit_log_actor_id_idx on app.audit_log (actor_id);

create or replace function app.audit_log_reject_change() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    raise exception 'The audit log is append-only'
        using
            errcode = 'AUDRO',
            detail = pg_catalog.format('%s on app.audit_log is not allowed', tg_op),
            hint = 'Insert a new audit row instead of changing an old one.';
end;
$$;

comment on function app.audit_log_reject_change() is
'Trigger: rejects update, delete and truncate on app.audit_log for every role (AUDRO).';
revoke execute on function app.audit_log_reject_change()
from public, anon, authenticated, service_role;

create trigger audit_log_reject_update_delete
before update or delete on app.audit_log
for each row execute function app.audit_log_reject_change();

create trigger audit_log_reject_truncate
before truncate on app.audit_log
for each statement execute function app.audit_log_reject_change();
