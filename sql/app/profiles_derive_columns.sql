-- Derived and normalised columns: the zodiac sign follows the birth date, blocked_at follows
-- is_blocked, and a time zone must be a real IANA name.
create or replace function app.profiles_derive_columns() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    new.zodiac_sign := app.zodiac_sign_for(new.date_of_birth);
    if new.is_blocked and new.blocked_at is null then
        new.blocked_at := pg_catalog.now();
    elsif not new.is_blocked then
        new.blocked_at := null;
    end if;
    if
        new.time_zone is not null
        and (tg_op = 'INSERT' or new.time_zone is distinct from old.time_zone)
        and not exists (
            select 1 from pg_catalog.pg_timezone_names as tz
            where tz.name = new.time_zone
        )
    then
        raise exception 'Unknown time zone %', new.time_zone
            using
                errcode = 'BADTZ',
                detail = pg_catalog.format('time_zone: %s', new.time_zone),
                hint = 'Use an IANA time zone name such as Asia/Dubai.';
    end if;
    return new;
end;
$$;

comment on function app.profiles_derive_columns() is
'Trigger: derives zodiac_sign and blocked_at, validates time_zone (BADTZ).';

revoke execute on function app.profiles_derive_columns()
from public, anon, authenticated, service_role;

create or replace trigger profiles_20_derive_columns
before insert or update on app.profiles
for each row execute function app.profiles_derive_columns();
