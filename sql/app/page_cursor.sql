-- page_cursor: the opaque cursor of a keyset page that ends at the row (p_at, p_id): the
-- instant in UTC with microseconds and the id, hex-encoded so callers pass it back unchanged
-- rather than build one. Read back by app.page_cursor_after.
create or replace function app.page_cursor(p_at timestamptz, p_id uuid)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
    select pg_catalog.encode(
        pg_catalog.convert_to(
            pg_catalog.to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            || '|' || p_id::text,
            'utf8'
        ),
        'hex'
    )
$$;

comment on function app.page_cursor(timestamptz, uuid) is
'The opaque keyset cursor of a page ending at (p_at, p_id).';

revoke execute on function app.page_cursor(timestamptz, uuid) from public, anon, service_role;
grant execute on function app.page_cursor(timestamptz, uuid) to authenticated;
