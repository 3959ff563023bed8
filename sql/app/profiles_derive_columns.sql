-- Derived columns: the zodiac sign follows the birth date (app.zodiac_sign_for, from the
-- app.zodiac_signs table), blocked_at follows is_blocked. The field rules (time zone included)
-- live in the profiles_15 trigger, app.profiles_validate_columns().
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
    return new;
end;
$$;

comment on function app.profiles_derive_columns() is
'Trigger: derives zodiac_sign and blocked_at.';

revoke execute on function app.profiles_derive_columns()
from public, anon, authenticated, service_role;

create or replace trigger profiles_20_derive_columns
before insert or update on app.profiles
for each row execute function app.profiles_derive_columns();
