-- requires: sql/app/assert_time_zone.sql
-- requires: sql/app/audit_write.sql
-- requires: sql/app/raise_availability_error.sql
-- requires: sql/app/require_role.sql

-- replace_my_availability: the calling reader's weekly windows (p_kind 'windows': items
-- {"weekday", "starts_at", "ends_at"}, at most 100) or dated exceptions ('exceptions': items
-- {"on_date", "starts_at" (00:00), "ends_at" (24:00), "is_available" (false)}, at most 400) are
-- replaced by p_items, all in p_time_zone (by default the reader's profile zone). Raises USRBL,
-- 42501 (not a reader), BADTZ (no or unknown zone), CLWIN (not an array of such items; detail
-- {"field": "p_windows" | "p_exceptions"}); a refused list changes nothing.
-- A replacement that changes the list is audited (availability.windows_changed or
-- availability.exceptions_changed, on the reader's profile, the whole list before and after,
-- sorted); saving the same list again logs nothing. It is audited here rather than by a
-- trigger because this is the only writer of both tables and a replacement is a delete and an
-- insert: row triggers would log one row per window, and each half of it apart.
-- Definer because replacing means deleting, and no API role may delete from app tables or
-- insert into app.audit_log; it checks the reader role itself and touches only the caller's
-- own rows.
create or replace function app.replace_my_availability(
    p_kind text,
    p_items jsonb,
    p_time_zone text
) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_reader_id uuid := auth.uid();
    v_time_zone text;
    v_field text := 'p_' || p_kind;
    v_max integer := case when p_kind = 'windows' then 100 else 400 end;
    v_before jsonb;
    v_after jsonb;
begin
    perform app.require_role('reader');
    v_time_zone := app.assert_time_zone(coalesce(
        p_time_zone,
        (select p.time_zone from app.profiles as p where p.id = v_reader_id)
    ));
    if
        p_kind is null or p_kind not in ('windows', 'exceptions')
        or pg_catalog.jsonb_typeof(p_items) is distinct from 'array'
        or pg_catalog.jsonb_array_length(p_items) > v_max
    then
        perform app.raise_availability_error(coalesce(v_field, 'p_kind'));
    end if;
    begin
        if p_kind = 'windows' then
            with removed as (
                delete from app.reader_availability as w
                where w.reader_id = v_reader_id
                returning w.weekday, w.starts_at, w.ends_at, w.time_zone
            )

            select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r) order by r.weekday, r.starts_at)
            into v_before
            from removed as r;
            with added as (
                insert into app.reader_availability (
                    reader_id, weekday, starts_at, ends_at, time_zone
                )
                select v_reader_id, w.weekday, w.starts_at, w.ends_at, v_time_zone
                from pg_catalog.jsonb_to_recordset(p_items) as w (
                    weekday smallint, starts_at time, ends_at time
                )
                returning weekday, starts_at, ends_at, time_zone
            )

            select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a) order by a.weekday, a.starts_at)
            into v_after
            from added as a;
        else
            with removed as (
                delete from app.reader_availability_exceptions as e
                where e.reader_id = v_reader_id
                returning e.on_date, e.starts_at, e.ends_at, e.is_available, e.time_zone
            )

            select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r) order by r.on_date, r.starts_at)
            into v_before
            from removed as r;
            with added as (
                insert into app.reader_availability_exceptions (
                    reader_id, on_date, starts_at, ends_at, time_zone, is_available
                )
                select
                    v_reader_id,
                    e.on_date,
                    coalesce(e.starts_at, '00:00'),
                    coalesce(e.ends_at, '24:00'),
                    v_time_zone,
                    coalesce(e.is_available, false)
                from pg_catalog.jsonb_to_recordset(p_items) as e (
                    on_date date, starts_at time, ends_at time, is_available boolean
                )
                returning on_date, starts_at, ends_at, is_available, time_zone
            )

            select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a) order by a.on_date, a.starts_at)
            into v_after
            from added as a;
        end if;
    exception
        when
            data_exception or check_violation or not_null_violation
            then
            perform app.raise_availability_error(v_field);
    end;
    v_before := coalesce(v_before, '[]'::jsonb);
    v_after := coalesce(v_after, '[]'::jsonb);
    if v_before is distinct from v_after then
        perform app.audit_write(
            'availability.' || p_kind || '_changed', 'profile', v_reader_id::text,
            pg_catalog.jsonb_build_object(p_kind, v_before),
            pg_catalog.jsonb_build_object(p_kind, v_after)
        );
    end if;
end;
$$;

comment on function app.replace_my_availability(text, jsonb, text) is
'Replaces the calling reader''s weekly windows or dated exceptions. '
'Errors: USRBL, 42501, BADTZ, CLWIN.';

revoke execute on function app.replace_my_availability(text, jsonb, text) from public, anon;

grant execute on function app.replace_my_availability(text, jsonb, text) to authenticated;
