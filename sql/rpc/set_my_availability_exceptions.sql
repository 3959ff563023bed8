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
declare
    v_time_zone text;
begin
    perform app.require_role('reader');
    v_time_zone := app.assert_time_zone(coalesce(
        p_time_zone,
        (select p.time_zone from app.profiles as p where p.id = (select auth.uid()))
    ));
    if
        pg_catalog.jsonb_typeof(p_exceptions) is distinct from 'array'
        or pg_catalog.jsonb_array_length(p_exceptions) > 400
    then
        perform app.raise_availability_error('p_exceptions');
    end if;
    delete from app.reader_availability_exceptions as e
    where e.reader_id = (select auth.uid());
    begin
        insert into app.reader_availability_exceptions (
            reader_id, on_date, starts_at, ends_at, time_zone, is_available
        )
        select
            (select auth.uid()),
            e.on_date,
            coalesce(e.starts_at, '00:00'),
            coalesce(e.ends_at, '24:00'),
            v_time_zone,
            coalesce(e.is_available, false)
        from pg_catalog.jsonb_to_recordset(p_exceptions) as e (
            on_date date, starts_at time, ends_at time, is_available boolean
        );
    exception
        when
            data_exception or check_violation or not_null_violation
            then
            perform app.raise_availability_error('p_exceptions');
    end;
    return public.get_reader_availability((select auth.uid()));
end;
$$;

comment on function public.set_my_availability_exceptions(jsonb, text) is
'Readers: replaces their dated exceptions (time off or extra windows, local times in one time '
'zone). Errors: USRBL, 42501, BADTZ, CLWIN.';

revoke execute on function public.set_my_availability_exceptions(jsonb, text) from public, anon;
grant execute on function public.set_my_availability_exceptions(jsonb, text) to authenticated;
