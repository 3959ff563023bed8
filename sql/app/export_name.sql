-- requires: sql/app/mask_name.sql
-- export_name: a person's name as an export shows it: first and last name as stored for a raw
-- export, their initials (app.mask_name) otherwise; null when neither is set.
--
-- One expression with an empty search_path like every function (lint 0011); the export views
-- call it once per person (see docs/ops.md, "Masking").
create or replace function app.export_name(
    p_raw boolean,
    p_first_name text,
    p_last_name text
) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
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
