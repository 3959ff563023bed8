-- An exception is on a finite date: 'infinity' parses as a date, but no call is ever on it and
-- clients reading the reader's availability could not read it. Any existing
-- rows that hold one are dropped first: they never matched a call.
delete from app.reader_availability_exceptions where not isfinite(on_date);

alter table app.reader_availability_exceptions
add constraint reader_availability_exceptions_on_date_finite check (isfinite(on_date));
