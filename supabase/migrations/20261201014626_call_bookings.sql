-- Live call bookings (shape only; rules in sql/app, sql/rpc, sql/policies). Readers publish weekly
-- availability windows in their own time zone plus dated exceptions; a client books a slot of
-- 15, 30, 45 or 60 minutes. A booking IS an order of a call service (app.services.is_call):
-- app.call_bookings hangs off app.orders by its primary key, so assignment, audit and the ops
-- views see every call as an order. See docs/calls.md.

-- Exclusion constraints over (uuid =, range &&) need btree_gist's operator classes.
create extension if not exists btree_gist with schema extensions;

alter table app.services
add column is_call boolean not null default false;

comment on column app.services.is_call is
'A live call service: ordered only by booking a slot with a reader (public.book_call).';

-- Databases seeded before this column existed; a fresh database gets it from the seed.
update app.services set is_call = true where code = 'direct_call';

-- Weekly windows in the reader's wall-clock time. weekday is ISO (1 = Monday .. 7 = Sunday);
-- ends_at may be 24:00 (the end of the day). A window never crosses midnight: a reader who
-- works 22:00-02:00 publishes two windows, and adjacent windows join into one.
create table app.reader_availability (
    id uuid primary key default gen_random_uuid(),
    reader_id uuid not null references app.profiles (id) on delete cascade,
    weekday smallint not null check (weekday between 1 and 7),
    starts_at time not null,
    ends_at time not null,
    time_zone text not null,
    created_at timestamptz not null default now(),
    constraint reader_availability_window check (ends_at > starts_at)
);

comment on table app.reader_availability is
'A reader''s weekly availability: ISO weekday, local start and end time, the IANA time zone '
'those times are in.';
alter table app.reader_availability enable row level security;
revoke all on table app.reader_availability from anon, authenticated, service_role;

create index reader_availability_reader_id_weekday_idx
on app.reader_availability (reader_id, weekday);

-- A dated change to the weekly pattern, in the reader's wall-clock time on that date: a time
-- off (is_available false) removes the range, an extra window (true) adds it. Time off wins
-- over an extra window on the same range.
create table app.reader_availability_exceptions (
    id uuid primary key default gen_random_uuid(),
    reader_id uuid not null references app.profiles (id) on delete cascade,
    on_date date not null,
    starts_at time not null default '00:00',
    ends_at time not null default '24:00',
    time_zone text not null,
    is_available boolean not null default false,
    created_at timestamptz not null default now(),
    constraint reader_availability_exceptions_window check (ends_at > starts_at)
);

comment on table app.reader_availability_exceptions is
'Dated exceptions to a reader''s weekly availability: local date and time range in an IANA time '
'zone, available (an extra window) or not (time off).';
alter table app.reader_availability_exceptions enable row level security;
revoke all on table app.reader_availability_exceptions from anon, authenticated, service_role;

create index reader_availability_exceptions_reader_id_on_date_idx
on app.reader_availability_exceptions (reader_id, on_date);

-- The booking's reader is its order's reader: (order_id, reader_id) references the order's
-- (id, reader_id), so an admin's reassignment of the order carries the booking along (and the
-- exclusion constraint then checks the new reader's time).
alter table app.orders
add constraint orders_id_reader_id_key unique (id, reader_id);

create table app.call_bookings (
    order_id uuid primary key references app.orders (id) on delete cascade,
    reader_id uuid not null,
    client_id uuid not null references app.profiles (id) on delete restrict,
    starts_at timestamptz not null,
    minutes smallint not null check (minutes in (15, 30, 45, 60)),
    ends_at timestamptz not null,
    slot tstzrange generated always as (tstzrange(starts_at, ends_at, '[)')) stored,
    -- bookkeeping: a cancelled booking frees its slot; a reschedule keeps the order and moves
    -- the slot, remembering where it was
    cancelled_at timestamptz,
    cancelled_by uuid,
    reschedule_count smallint not null default 0 check (reschedule_count >= 0),
    rescheduled_at timestamptz,
    previous_starts_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint call_bookings_length check (ends_at - starts_at = make_interval(mins => minutes)),
    constraint call_bookings_order_reader_fkey foreign key (order_id, reader_id)
    references app.orders (id, reader_id) on update cascade,
    -- no double booking: a reader's active bookings never overlap, nor a client's
    constraint call_bookings_reader_slot_excl exclude using gist (
        reader_id with =, slot with &&
    ) where (cancelled_at is null),
    constraint call_bookings_client_slot_excl exclude using gist (
        client_id with =, slot with &&
    ) where (cancelled_at is null)
);

comment on table app.call_bookings is
'A booked live call: the order it is, its reader and client, the slot [starts_at, ends_at) '
'and cancel/reschedule bookkeeping. Active bookings of one reader (or client) never overlap.';
comment on column app.call_bookings.cancelled_by is 'auth.users id of who cancelled (null: the platform).';
alter table app.call_bookings enable row level security;
revoke all on table app.call_bookings from anon, authenticated, service_role;

create index call_bookings_reader_id_starts_at_idx on app.call_bookings (reader_id, starts_at);
create index call_bookings_client_id_starts_at_idx on app.call_bookings (client_id, starts_at);
create index call_bookings_starts_at_idx on app.call_bookings (starts_at);

create trigger call_bookings_touch_updated_at
before update on app.call_bookings
for each row execute function app.touch_updated_at();
