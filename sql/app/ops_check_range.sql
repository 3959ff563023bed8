-- ops_check_range: the one rule for the time range an ops metric or an export covers: both
-- ends given, from before to, at most p_max_days long. Raises OPSRG with the range in detail.
-- Stable, not immutable: a function that raises must not be folded while a query is planned.
create or replace function app.ops_check_range(
    p_from timestamptz,
    p_to timestamptz,
    p_max_days integer
) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if p_from is null or p_to is null or p_from >= p_to or p_to - p_from > pg_catalog.make_interval(days => p_max_days) then
        raise exception 'A range from an earlier to a later time, at most % days long, is required', p_max_days
            using
                errcode = 'OPSRG',
                detail = pg_catalog.jsonb_build_object(
                    'from', p_from, 'to', p_to, 'max_days', p_max_days
                )::text,
                hint = 'Give both ends, the start before the end.';
    end if;
end;
$$;

comment on function app.ops_check_range(timestamptz, timestamptz, integer) is
'Checks an ops range: both ends, from < to, at most p_max_days. Errors: OPSRG.';

revoke execute on function app.ops_check_range(timestamptz, timestamptz, integer)
from public, anon, service_role;
grant execute on function app.ops_check_range(timestamptz, timestamptz, integer) to authenticated;
