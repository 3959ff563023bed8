-- requires: sql/app/now.sql
-- requires: sql/app/earliest_birth_date.sql

-- order_astro_validate: the birth a chart is stored for must have happened: on or after
-- app.earliest_birth_date() (ASTDT) and not after now on the clocks of the birth place (ASTFU; by date alone
-- when the time is unknown). Every insert passes here, through app.attach_astro_chart or
-- directly, and the clock is app.now(), so tests can stand on either side of midnight.
create or replace function app.order_astro_validate() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_local_now timestamp := app.now() at time zone new.time_zone;
begin
    if new.birth_date < app.earliest_birth_date() then
        raise exception 'Birth dates start at %', app.earliest_birth_date()
            using
                errcode = 'ASTDT',
                detail = pg_catalog.jsonb_build_object(
                    'field', 'birth_date', 'value', new.birth_date
                )::text,
                hint = pg_catalog.format(
                    'Give a birth date from %s on.', app.earliest_birth_date()
                );
    end if;
    if
        (new.birth_time is null and new.birth_date > v_local_now::date)
        or (new.birth_time is not null and new.birth_date + new.birth_time > v_local_now)
    then
        raise exception 'The birth is in the future'
            using
                errcode = 'ASTFU',
                detail = pg_catalog.jsonb_build_object(
                    'birth', new.birth_date + coalesce(new.birth_time, time '00:00'),
                    'time_zone', new.time_zone
                )::text,
                hint = 'Check the birth date and time.';
    end if;
    return new;
end;
$$;

comment on function app.order_astro_validate() is
'Trigger: an astro birth is from app.earliest_birth_date() on and not in the future there. '
'Errors: ASTDT, ASTFU.';

revoke execute on function app.order_astro_validate() from public, anon, authenticated, service_role;

create or replace trigger order_astro_10_validate
before insert on app.order_astro
for each row execute function app.order_astro_validate();
