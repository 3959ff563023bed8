-- requires: sql/app/require_role.sql
-- requires: sql/app/require_reason.sql
-- requires: sql/app/check_period.sql
-- requires: sql/app/retention_days.sql
-- requires: sql/app/rate_limit_take_own.sql
-- export_begin: the one place that decides whether an export may happen and records it. Admins
-- and superadmins export masked data; only a superadmin exports raw data, with a reason, and a
-- raw export writes an audit row (event export.raw) in the caller's transaction. The datasets
-- must be rows of app.export_datasets (duplicates collapse, order kept). Returns the new row,
-- whose storage_path the function uploads to (raw/ or masked/, which the exports bucket's
-- policies read) and whose expires_at is now plus the days of the setting
-- retention.exports_days (app.retention_days, default 50). Once the request is known to be
-- acceptable it spends one token of the caller's `exports` budget (10 an hour): an export
-- reads and compresses a whole period, and a request refused for its input costs nothing.
-- Raises USRBL, 42501 (not an admin; raw without being a superadmin), RSNRQ (raw without a
-- reason), OPSRG (bad range, at most 366 days), EXPDS (no dataset, or an unknown one), PT429
-- (over the `exports` rate limit; detail {"retry_after_seconds": N}).

-- Definer because no API role writes app.exports or app.audit_log: this checked path is the
-- only way in, for the signed-in caller only.
create or replace function app.export_begin(
    p_datasets text[],
    p_from timestamptz,
    p_to timestamptz,
    p_raw boolean default false,
    p_reason text default null
) returns app.exports
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_role text := app.require_role('admin', 'superadmin');
    v_datasets text[];
    v_unknown text[];
    v_reason text;
    v_id uuid := pg_catalog.gen_random_uuid();
    v_export app.exports;
begin
    if coalesce(p_raw, false) then
        if v_role <> 'superadmin' then
            raise exception 'Only a superadmin may export raw personal data'
                using
                    errcode = '42501',
                    detail = pg_catalog.jsonb_build_object('role', v_role, 'raw', true)::text,
                    hint = 'Ask for a masked export, or ask a superadmin.';
        end if;
        v_reason := app.require_reason(p_reason);
    end if;
    perform app.check_period(p_from, p_to, 366, 'OPSRG');

    select array_agg(d.code order by d.n)
    into v_datasets
    from (
        select distinct on (x.code) x.code, x.n
        from pg_catalog.unnest(p_datasets) with ordinality as x (code, n)
        order by x.code, x.n
    ) as d;
    select array_agg(x.code)
    into v_unknown
    from pg_catalog.unnest(v_datasets) as x (code)
    where x.code is null or not exists (select 1 from app.export_datasets as d where d.code = x.code);
    if v_datasets is null or v_unknown is not null then
        raise exception 'Unknown or missing export dataset'
            using
                errcode = 'EXPDS',
                detail = pg_catalog.jsonb_build_object(
                    'unknown', coalesce(pg_catalog.to_jsonb(v_unknown), '[]'::jsonb),
                    'allowed', (select pg_catalog.jsonb_agg(d.code order by d.code) from app.export_datasets as d)
                )::text,
                hint = 'Name one or more of the allowed datasets.';
    end if;
    perform app.rate_limit_take_own('exports');

    insert into app.exports (
        id, requested_by, datasets, range_from, range_to, raw, reason, storage_path, expires_at
    )
    values (
        v_id,
        auth.uid(),
        v_datasets,
        p_from,
        p_to,
        coalesce(p_raw, false),
        v_reason,
        pg_catalog.format(
            '%s/%s/%s.zip',
            case when coalesce(p_raw, false) then 'raw' else 'masked' end,
            pg_catalog.to_char(app.now() at time zone 'UTC', 'YYYY-MM-DD'),
            v_id
        ),
        app.now() + pg_catalog.make_interval(days => app.retention_days('exports'))
    )
    returning * into v_export;

    if v_export.raw then
        perform app.audit_write(
            'export.raw',
            'export',
            v_export.id::text,
            null,
            pg_catalog.jsonb_build_object(
                'datasets', v_export.datasets,
                'from', v_export.range_from,
                'to', v_export.range_to,
                'reason', v_export.reason
            )
        );
    end if;
    return v_export;
end;
$$;

comment on function app.export_begin(text[], timestamptz, timestamptz, boolean, text) is
'Checks and records an export for the signed-in admin (raw: superadmin with a reason, audited). '
'Errors: USRBL, 42501, RSNRQ, OPSRG, EXPDS, PT429.';

revoke execute on function app.export_begin(text[], timestamptz, timestamptz, boolean, text)
from public, anon, service_role;
grant execute on function app.export_begin(text[], timestamptz, timestamptz, boolean, text)
to authenticated;
