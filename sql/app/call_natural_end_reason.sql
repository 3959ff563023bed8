-- call_natural_end_reason: why a call that simply ended (nobody dropped it, no job ended it)
-- ended, from who ever joined: both joined = completed, else the no-show of whoever did not.
create or replace function app.call_natural_end_reason(
    p_reader_joined_at timestamptz,
    p_client_joined_at timestamptz
) returns text
language sql
immutable
security invoker
set search_path = ''
as $$
    select case
        when p_reader_joined_at is null and p_client_joined_at is null then 'no_show_both'
        when p_reader_joined_at is null then 'no_show_reader'
        when p_client_joined_at is null then 'no_show_client'
        else 'completed'
    end
$$;

comment on function app.call_natural_end_reason(timestamptz, timestamptz) is
'completed, or the no-show of the party (reader, client, both) who never joined.';

revoke execute on function app.call_natural_end_reason(timestamptz, timestamptz)
from public, anon, authenticated;

-- the calls_10 trigger runs as the writer: the service role for webhooks and jobs
grant execute on function app.call_natural_end_reason(timestamptz, timestamptz) to service_role;
