-- call_record_legs: after Twilio accepted both legs of a new call, their call SIDs (the
-- service side of calls_initiate, in the reader's transaction).
create or replace function app.call_record_legs(
    p_call_id uuid,
    p_reader_call_sid text,
    p_client_call_sid text
) returns void
language sql
volatile
security invoker
set search_path = ''
as $$
    update app.calls as c
    set reader_call_sid = p_reader_call_sid, client_call_sid = p_client_call_sid
    where c.id = p_call_id
$$;

comment on function app.call_record_legs(uuid, text, text) is
'Service role: stores the reader''s and the client''s leg SIDs of a call.';

revoke execute on function app.call_record_legs(uuid, text, text)
from public, anon, authenticated;

grant execute on function app.call_record_legs(uuid, text, text) to service_role;
