-- set_my_availability_exceptions: a reader replaces their dated exceptions. p_exceptions is a
-- JSON array (at most 400) of {"on_date": "2026-12-24", "starts_at": "09:00" (default 00:00),
-- "ends_at": "12:00" (default 24:00), "is_available": false (default: time off; true: an extra
-- window)}, local times in p_time_zone, by default the reader's profile time zone. Time off
-- wins over windows on the same hours. An empty array clears them. Bookings already made stay.
-- Callable by authenticated readers.
-- Raises USRBL (caller blocked), 42501 (not a reader), BADTZ (no or unknown time zone), CLWIN
-- (not an array of such exceptions; detail {"field": "p_exceptions"}).
create or replace function public.set_my_availability_exceptions(
    p_exceptions jsonb,
    p_time_zone text default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.require_role('reader');
    perform app.replace_my_availability('exceptions', p_exceptions, p_time_zone);
    return public.get_reader_availability((select auth.uid()));
end;
$$;

comment on function public.set_my_availability_exceptions(jsonb, text) is
'Readers: replaces their dated exceptions (time off or extra windows, local times in one time '
'zone). Errors: USRBL, 42501, BADTZ, CLWIN.';

revoke execute on function public.set_my_availability_exceptions(jsonb, text) from public, anon;
grant execute on function public.set_my_availability_exceptions(jsonb, text) to authenticated;
