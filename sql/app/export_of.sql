-- export_of: the caller's own export, as each dataset function reads it (range, raw). A raw
-- export is read only while its requester is still a superadmin, so a role taken away between
-- begin and the reads takes the raw rows with it. Raises 42501 for any other export.
create or replace function app.export_of(p_export_id uuid) returns setof app.exports
language plpgsql
stable
rows 1
security invoker
set search_path = ''
as $$
declare
    v_export app.exports;
begin
    select e.* into v_export
    from app.exports as e
    where e.id = p_export_id and e.requested_by = (select auth.uid());
    if not found or (v_export.raw and not app.has_role('superadmin')) then
        raise exception 'No export % of yours to read', p_export_id
            using errcode = '42501', hint = 'Start the export with ops_export.';
    end if;
    return next v_export;
end;
$$;

comment on function app.export_of(uuid) is
'The caller''s own export (raw only while a superadmin). Errors: 42501.';

revoke execute on function app.export_of(uuid) from public, anon, service_role;
grant execute on function app.export_of(uuid) to authenticated;
