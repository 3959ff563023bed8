-- raise_availability_error: what a malformed availability list answers (CLWIN; detail
-- {"field": ...}): not a JSON array, too many items, an item that is not an object, a weekday
-- outside 1..7, a time or date that does not parse, a window that ends before it starts.
-- Volatile: it always raises, and must never be folded while a query is planned.
create or replace function app.raise_availability_error(p_field text) returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    raise exception 'Invalid availability in %', p_field
        using
            errcode = 'CLWIN',
            detail = pg_catalog.jsonb_build_object('field', p_field)::text,
            hint = 'Send a JSON array of windows: weekday 1..7 (or on_date), starts_at before '
            'ends_at, times as HH:MM within one day.';
end;
$$;

comment on function app.raise_availability_error(text) is
'Raises CLWIN for a malformed availability list.';

revoke execute on function app.raise_availability_error(text) from public, anon;

grant execute on function app.raise_availability_error(text) to authenticated;
