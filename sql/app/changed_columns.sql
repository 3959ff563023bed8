-- changed_columns: the one way the workflow triggers find which columns a write changes: the
-- keys of p_new (a row as jsonb) whose value differs from p_old's (a missing key, as on insert
-- against '{}', counts as null), leaving out p_ignored; null when nothing else changed.
create or replace function app.changed_columns(
    p_new jsonb,
    p_old jsonb,
    p_ignored text[] default '{}'
) returns text[]
language sql
immutable
security invoker
set search_path = ''
as $$
    select pg_catalog.array_agg(n.key order by n.key)
    from pg_catalog.jsonb_each(p_new) as n
    where
        n.value is distinct from coalesce(p_old -> n.key, 'null'::jsonb)
        and not n.key = any(p_ignored)
$$;

comment on function app.changed_columns(jsonb, jsonb, text[]) is
'The keys whose values differ between two rows as jsonb, but the ignored ones; null if none.';

revoke execute on function app.changed_columns(jsonb, jsonb, text[]) from public, anon;

grant execute on function app.changed_columns(jsonb, jsonb, text[]) to authenticated, service_role;
