-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- export_horoscopes: the horoscopes dataset of an export: horoscope rows created in its range,
-- oldest first. They hold no personal data but staff ids, so masked and raw are the same, except
-- the rejection reason (free text), which only a raw export carries. The column list is the
-- CSV header. Invoker: the caller's RLS decides which rows exist.
--
-- Inlined like app.export_orders (see there): a plain SQL function without settings, the export
-- read once through app.export_of, its range and raw flag as scalar subqueries.
create or replace function app.export_horoscopes(p_export_id uuid)
returns table (
    horoscope_id uuid,
    created_at timestamptz,
    horoscope_date date,
    sign text,
    status text,
    source_url text,
    duration_ms integer,
    error_code text,
    rejection_reason text,
    ingested_at timestamptz,
    ingested_by uuid,
    approved_at timestamptz,
    approved_by uuid,
    rejected_at timestamptz,
    rejected_by uuid
)
language sql
stable
security invoker
as $$
    with export as (
        select x.range_from, x.range_to, x.raw from app.export_of(p_export_id) as x
    )

    select
        h.id,
        h.created_at,
        h.horoscope_date,
        app.csv_safe(h.sign),
        app.csv_safe(h.status),
        app.csv_safe(h.source_url),
        h.duration_ms,
        app.csv_safe(h.error_code),
        app.csv_safe(case when (select e.raw from export as e) then h.rejection_reason end),
        h.ingested_at,
        h.ingested_by,
        h.approved_at,
        h.approved_by,
        h.rejected_at,
        h.rejected_by
    from app.horoscopes as h
    where
        h.created_at >= (select e.range_from from export as e)
        and h.created_at < (select e.range_to from export as e)
    order by h.created_at, h.id
$$;

comment on function app.export_horoscopes(uuid) is
'Rows of the horoscopes CSV of an export. Errors: 42501.';

revoke execute on function app.export_horoscopes(uuid) from public, anon, service_role;
grant execute on function app.export_horoscopes(uuid) to authenticated;
