-- requires: sql/app/mask_name.sql
-- export_name: a person's name as an export shows it: first and last name as stored for a raw
-- export, their initials (app.mask_name) otherwise; null when neither is set.
--
-- One expression and no settings, so the planner inlines it, and app.mask_name with it, into
-- the export's query (see docs/ops.md, "Masking"); names are schema-qualified for that reason.
create or replace function app.export_name(
    p_raw boolean,
    p_first_name text,
    p_last_name text
) returns text
language sql
immutable
parallel safe
security invoker
as $$
    select
        case
            when p_raw then nullif(pg_catalog.concat_ws(' ', p_first_name, p_last_name), '')
            else app.mask_name(pg_catalog.concat_ws(' ', p_first_name, p_last_name))
        end
$$;

comment on function app.export_name(boolean, text, text) is
'A full name for a raw export, its initials otherwise (app.mask_name).';

revoke execute on function app.export_name(boolean, text, text)
from public, anon, authenticated, service_role;
grant execute on function app.export_name(boolean, text, text) to authenticated;
