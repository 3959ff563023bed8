-- set_my_availability: a reader replaces their weekly call windows. p_windows is a JSON array
-- of {"weekday": 1..7 (ISO, 1 = Monday), "starts_at": "09:00", "ends_at": "12:00"} (at most
-- 100; ends_at may be "24:00"; a window does not cross midnight: publish two), all in
-- p_time_zone, by default the reader's profile time zone. An empty array clears them. Bookings
-- already made stay. Callable by authenticated readers.
-- Raises USRBL (caller blocked), 42501 (not a reader), BADTZ (no or unknown time zone), CLWIN
-- (not an array of such windows; detail {"field": "p_windows"}).
create or replace function public.set_my_availability(
    p_windows jsonb,
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
    perform app.replace_my_availability('windows', p_windows, p_time_zone);
    return public.get_reader_availability((select auth.uid()));
end;
$$;

comment on function public.set_my_availability(jsonb, text) is
'Readers: replaces their weekly call windows (local times in one time zone). '
'Errors: USRBL, 42501, BADTZ, CLWIN.';

revoke execute on function public.set_my_availability(jsonb, text) from public, anon;
grant execute on function public.set_my_availability(jsonb, text) to authenticated;
