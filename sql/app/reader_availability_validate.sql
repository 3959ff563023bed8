-- requires: sql/app/assert_time_zone.sql

-- reader_availability_validate: the one check of a reader's weekly windows and dated
-- exceptions that their table constraints cannot make: the time zone is an IANA name (BADTZ).
-- Every writer passes here, the availability RPCs and direct writes alike.
create or replace function app.reader_availability_validate() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    new.time_zone := app.assert_time_zone(new.time_zone);
    return new;
end;
$$;

comment on function app.reader_availability_validate() is
'Trigger: the time zone of an availability window or exception is an IANA name. Errors: BADTZ.';

revoke execute on function app.reader_availability_validate()
from public, anon, authenticated, service_role;

create or replace trigger reader_availability_10_validate
before insert or update on app.reader_availability
for each row execute function app.reader_availability_validate();

create or replace trigger reader_availability_exceptions_10_validate
before insert or update on app.reader_availability_exceptions
for each row execute function app.reader_availability_validate();
