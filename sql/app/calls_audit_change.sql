-- requires: sql/app/changed_columns.sql
-- Definer because API roles may not insert into app.audit_log; it writes only rows describing
-- the call change that fired it: its creation, then every change of state, legs, join and
-- leave times or end (event call.<state>), with the changed columns before and after.
create or replace function app.calls_audit_change() returns trigger
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_changed text[];
begin
    if tg_op = 'INSERT' then
        perform app.audit_write(
            'call.created', 'call', new.id::text, null,
            pg_catalog.jsonb_build_object(
                'order_id', new.order_id, 'state', new.state,
                'time_limit_seconds', new.time_limit_seconds
            )
        );
        return null;
    end if;
    v_changed := app.changed_columns(
        pg_catalog.to_jsonb(new), pg_catalog.to_jsonb(old),
        array['updated_at', 'last_event_at']
    );
    if v_changed is null then
        return null;
    end if;
    perform app.audit_write(
        'call.' || new.state, 'call', new.id::text,
        (select pg_catalog.jsonb_object_agg(o.key, o.value)
            from pg_catalog.jsonb_each(pg_catalog.to_jsonb(old)) as o
            where o.key = any(v_changed)),
        (select pg_catalog.jsonb_object_agg(n.key, n.value)
            from pg_catalog.jsonb_each(pg_catalog.to_jsonb(new)) as n
            where n.key = any(v_changed))
    );
    return null;
end;
$$;

comment on function app.calls_audit_change() is
'Trigger: audits the creation of a call and every change to it (event call.<state>).';

revoke execute on function app.calls_audit_change() from public, anon, authenticated, service_role;

create or replace trigger calls_audit_change
after insert or update on app.calls
for each row execute function app.calls_audit_change();
