-- csv_safe: a text cell of an export CSV made harmless to a spreadsheet. A cell that starts
-- with =, +, -, @, a tab or a carriage return is read as a formula by Excel, LibreOffice and
-- Google Sheets when an admin opens the file (CSV formula injection), so such a cell gets a
-- single quote in front, which spreadsheets show as text; any other text, and null, is kept.
-- Every text column of every export dataset goes through it (app.export_<dataset>), after
-- masking, since a masked value can start with such a character too. Numbers, times, uuids
-- and JSON are not text columns and are never touched (a negative amount stays a number).
-- It pins its search_path as every function does, so it is called, not inlined: the datasets
-- call it once per person (inside their memoized person lookups) and per row only for free
-- text, never for columns whose values a constraint or an enum already keeps plain.
create or replace function app.csv_safe(p_value text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
    select
        case
            when pg_catalog.left(p_value, 1) in ('=', '+', '-', '@', E'\t', E'\r')
                then '''' || p_value
            else p_value
        end
$$;

comment on function app.csv_safe(text) is
'A text cell of an export CSV with a leading quote when it would start a spreadsheet formula '
'(=, +, -, @, tab, carriage return); other text and null unchanged.';

revoke execute on function app.csv_safe(text) from public, anon, service_role;
grant execute on function app.csv_safe(text) to authenticated;
