-- Columns only the platform may change (verification, block state, role, derived data). Column
-- grants already keep them from clients; this trigger also stops any future invoker code
-- running as an API role. Definer code (owned by postgres) and the service side pass.
create or replace function app.profiles_guard_protected_columns() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_changed jsonb;
begin
    if current_user not in ('anon', 'authenticated') then
        return new;
    end if;
    select pg_catalog.jsonb_agg(n.key order by n.key)
    into v_changed
    from pg_catalog.jsonb_each(pg_catalog.to_jsonb(new)) as n
    inner join pg_catalog.jsonb_each(pg_catalog.to_jsonb(old)) as o on n.key = o.key
    where
        n.key in (
            'id', 'role', 'email', 'phone', 'phone_verified', 'email_verified',
            'is_blocked', 'blocked_at', 'zodiac_sign', 'created_at'
        )
        and n.value is distinct from o.value;
    if v_changed is not null then
        raise exception 'These profile fields are managed by the platform: %', v_changed
            using
                errcode = '42501',
                detail = pg_catalog.jsonb_build_object('columns', v_changed)::text,
                hint = 'Use the dedicated flow (phone verification, role change, block).';
    end if;
    return new;
end;
$$;

comment on function app.profiles_guard_protected_columns() is
'Trigger: rejects changes to protected profile columns made as anon or authenticated '
'(42501, detail {"columns": [...]}).';

revoke execute on function app.profiles_guard_protected_columns()
from public, anon, authenticated, service_role;

-- BEFORE triggers fire in name order: guard what the caller sent, then derive, then stamp.
create or replace trigger profiles_10_guard_protected_columns
before update on app.profiles
for each row execute function app.profiles_guard_protected_columns();
