-- touch_updated_at: keeps updated_at current on every table that has one; the triggers that
-- use it are declared here.

create or replace function app.touch_updated_at() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    new.updated_at := pg_catalog.now();
    return new;
end;
$$;

comment on function app.touch_updated_at() is
'Trigger: keeps updated_at at the time of the last write.';

revoke execute on function app.touch_updated_at() from public, anon, authenticated, service_role;

create or replace trigger services_touch_updated_at
before update on app.services
for each row execute function app.touch_updated_at();

create or replace trigger app_settings_touch_updated_at
before update on app.app_settings
for each row execute function app.touch_updated_at();

create or replace trigger profiles_30_touch_updated_at
before update on app.profiles
for each row execute function app.touch_updated_at();

create or replace trigger orders_touch_updated_at
before update on app.orders
for each row execute function app.touch_updated_at();

create or replace trigger horoscopes_20_touch_updated_at
before update on app.horoscopes
for each row execute function app.touch_updated_at();

create or replace trigger call_bookings_touch_updated_at
before update on app.call_bookings
for each row execute function app.touch_updated_at();
