-- check_period: the one rule for a period a caller asks about (an ops metric or export, the
-- staff list of calls): both ends given, the end after the start, at most p_max_days long.
-- Each caller keeps its own registered code, passed as p_errcode (OPSRG for ops, CLRNG for
-- list_calls), so the codes callers already branch on stay as they were; detail is
-- {"from", "to", "max_days"}.
-- Stable, not immutable: a function that raises must not be folded while a query is planned.
create or replace function app.check_period(
    p_from timestamptz,
    p_to timestamptz,
    p_max_days integer,
    p_errcode text
) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
    if p_from is null or p_to is null or p_from >= p_to or p_to - p_from > pg_catalog.make_interval(days => p_max_days) then
        raise exception 'A period from an earlier to a later time, at most % days long, is required', p_max_days
            using
                errcode = p_errcode,
                detail = pg_catalog.jsonb_build_object(
                    'from', p_from, 'to', p_to, 'max_days', p_max_days
                )::text,
                hint = pg_catalog.format('Give both ends, the end after the start, at most %s days apart.', p_max_days);
    end if;
end;
$$;

comment on function app.check_period(timestamptz, timestamptz, integer, text) is
'Checks a period: both ends, from < to, at most p_max_days; raises p_errcode (OPSRG, CLRNG).';

revoke execute on function app.check_period(timestamptz, timestamptz, integer, text)
from public, anon, service_role;
grant execute on function app.check_period(timestamptz, timestamptz, integer, text) to authenticated;
