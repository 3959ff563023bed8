-- record_service_error: the functions report an outside service's failure (the error code they
-- answered and a short message); ops_snapshot shows the last one per service with a count.
-- Unknown services are ignored rather than raised: recording must never turn one failure into
-- another. The message is cut to 500 characters.

-- Definer because no API role writes app.service_status; executable by service_role only
-- (the functions switch to it in a transaction of its own, so the record survives the
-- rollback of the failed request).
create or replace function app.record_service_error(
    p_service text,
    p_code text,
    p_message text
) returns void
language sql
volatile
security definer
set search_path = ''
as $$
    update app.service_status as s
    set
        last_error_at = pg_catalog.now(),
        last_error_code = pg_catalog.left(p_code, 20),
        last_error_message = pg_catalog.left(p_message, 500),
        error_count = s.error_count + 1
    where s.service = p_service
$$;

comment on function app.record_service_error(text, text, text) is
'Service side only: records the last error of an outside service (code, message) and counts it.';

revoke execute on function app.record_service_error(text, text, text)
from public, anon, authenticated;
grant execute on function app.record_service_error(text, text, text) to service_role;
