-- storage_order_id: the order an object of a per-order bucket belongs to, read from its key
-- `<order_id>/<file>`. Policies on storage.objects call it for every row they test, so it
-- never raises: a key whose first segment is not a uuid answers null (and null matches no
-- order), where a plain cast would abort the caller's whole statement.
create or replace function app.storage_order_id(p_name text) returns uuid
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select case
        when p_name ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'
            then pg_catalog.split_part(p_name, '/', 1)::uuid
    end
$$;

comment on function app.storage_order_id(text) is
'Order id from a Storage key `<order_id>/<file>`; null (never an error) for any other key.';

revoke execute on function app.storage_order_id(text) from public, anon;

grant execute on function app.storage_order_id(text) to authenticated, service_role;
