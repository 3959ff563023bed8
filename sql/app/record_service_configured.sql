-- record_service_configured: the functions report whether an outside service's settings were
-- present when they last read them. Unknown services are ignored (see record_service_error).

-- Definer because no API role writes app.service_status; executable by service_role only.
create or replace function app.record_service_configured(
    p_service text,
    p_configured boolean
) returns void
language sql
volatile
security definer
set search_path = ''
as $$
    update app.service_status as s
    set
        configured = p_configured,
        configured_checked_at = pg_catalog.now()
    where s.service = p_service
$$;

comment on function app.record_service_configured(text, boolean) is
'Service side only: records whether an outside service''s settings are present.';

revoke execute on function app.record_service_configured(text, boolean)
from public, anon, authenticated;
grant execute on function app.record_service_configured(text, boolean) to service_role;
