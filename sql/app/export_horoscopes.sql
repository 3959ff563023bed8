-- requires: sql/app/csv_safe.sql
-- requires: sql/app/export_of.sql
-- export_horoscopes: the horoscopes dataset of an export: horoscope rows created in its range,
-- oldest first. They hold no personal data but staff ids, so masked and raw are the same, except
-- the rejection reason (free text), which only a raw export carries. The column list is the
-- CSV header. Invoker: the caller's RLS decides which rows exist.
--
-- A view like app.export_orders (see there): the export named by app.export_id
-- read once through app.export_of, its range and raw flag as scalar subqueries.
drop function if exists app.export_horoscopes(uuid);

create or replace view app.export_horoscopes
with (security_invoker = true)
as
with export as (
    select x.range_from, x.range_to, x.raw
    from app.export_of(nullif(pg_catalog.current_setting('app.export_id', true), '')::uuid) as x
)

select
    h.id as horoscope_id,
    h.created_at,
    h.horoscope_date,
    app.csv_safe(h.sign) as sign,
    app.csv_safe(h.status) as status,
    app.csv_safe(h.source_url) as source_url,
    h.duration_ms,
    app.csv_safe(h.error_code) as error_code,
    case when (select e.raw from export as e) then app.csv_safe(h.rejection_reason) end as rejection_reason,
    h.ingested_at,
    h.ingested_by,
    h.approved_at,
    h.approved_by,
    h.rejected_at,
    h.rejected_by
from app.horoscopes as h
where
    -- a one-time filter: the export is read, or refused, before any row, even in an empty range
    (select true from export)
    and h.created_at >= (select e.range_from from export as e)
    and h.created_at < (select e.range_to from export as e)
order by h.created_at, h.id;

comment on view app.export_horoscopes is
'Rows of the horoscopes CSV of an export. Errors: 42501.';

revoke all on table app.export_horoscopes from public, anon, authenticated, service_role;
grant select on table app.export_horoscopes to authenticated;
