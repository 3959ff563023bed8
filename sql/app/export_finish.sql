-- export_finish: the function's last step, in the same transaction as export_begin: the rows
-- written per dataset and the size of the ZIP. Only the caller's own unfinished export.
-- Raises 42501 for anything else.

-- Definer because no API role writes app.exports (see export_begin).
create or replace function app.export_finish(
    p_export_id uuid,
    p_row_counts jsonb,
    p_bytes bigint
) returns app.exports
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_export app.exports;
begin
    update app.exports as e
    set
        row_counts = p_row_counts,
        bytes = p_bytes,
        completed_at = pg_catalog.now()
    where e.id = p_export_id and e.requested_by = auth.uid() and e.completed_at is null
    returning e.* into v_export;
    if not found then
        raise exception 'No unfinished export % of yours', p_export_id using errcode = '42501';
    end if;
    return v_export;
end;
$$;

comment on function app.export_finish(uuid, jsonb, bigint) is
'Records the row counts and size of the caller''s own export. Errors: 42501.';

revoke execute on function app.export_finish(uuid, jsonb, bigint) from public, anon, service_role;
grant execute on function app.export_finish(uuid, jsonb, bigint) to authenticated;
