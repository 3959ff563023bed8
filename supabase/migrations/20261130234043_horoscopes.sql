-- Daily horoscopes: one audio recording per zodiac sign and day, ingested from TikTok by staff
-- and shown to the public only once a monitor approved it, and only on its own day. There is
-- no publishing switch: approval is the only way to the public (see docs/architecture.md).
--
-- The state machine is data plus a trigger, as for orders: app.horoscope_transitions lists
-- every allowed move (a name, from, to, the application role, the columns a caller may write
-- with it); the trigger horoscopes_10_enforce_transition (sql/app) refuses anything else, for
-- every caller. `none` as from_status is the insert of a sign and day not ingested before.

create table app.horoscope_transitions (
    name text not null check (name in ('ingest', 'fail', 'regenerate', 'approve', 'reject')),
    from_status text not null check (
        from_status in ('none', 'pending', 'approved', 'rejected', 'failed')
    ),
    to_status text not null check (to_status in ('pending', 'approved', 'rejected', 'failed')),
    actor_role text not null check (actor_role in ('monitor', 'admin', 'superadmin', 'service')),
    writable_columns text[] not null default '{}',
    description text not null,
    primary key (name, from_status, actor_role)
);

comment on table app.horoscope_transitions is
'Allowed horoscope status changes: the name an RPC gives, from (none: a new row) -> to, the '
'application role (service for the service role and the platform) and the columns a caller '
'may write with it.';
alter table app.horoscope_transitions enable row level security;
revoke all on table app.horoscope_transitions from anon, authenticated, service_role;

insert into app.horoscope_transitions (
    name, from_status, to_status, actor_role, writable_columns, description
)
select t.name, f.from_status, t.to_status, r.actor_role, t.writable_columns, t.description
from (
    values
    (
        'ingest', '{none,pending,approved,rejected,failed}'::text[], 'pending',
        '{source_url,media_id,duration_ms}'::text[],
        'Staff ingest (or re-ingest) the audio of a sign and day; any approval is reset.'
    ),
    (
        'fail', '{none,pending,approved,rejected,failed}'::text[], 'failed',
        '{source_url,error_code,error_detail}'::text[],
        'An ingest or regeneration failed: the row keeps the error and no audio.'
    ),
    (
        'regenerate', '{pending,approved,rejected,failed}'::text[], 'pending',
        '{media_id,duration_ms}'::text[],
        'Staff extract the audio again from the stored source; any approval is reset.'
    ),
    ('approve', '{pending}'::text[], 'approved', '{}'::text[], 'A monitor approves the audio.'),
    (
        'reject', '{pending,approved}'::text[], 'rejected', '{rejection_reason}'::text[],
        'A monitor rejects (or withdraws) the audio with a reason.'
    )
) as t (name, from_statuses, to_status, writable_columns, description)
cross join lateral pg_catalog.unnest(t.from_statuses) as f (from_status)
cross join (values ('monitor'), ('admin'), ('superadmin'), ('service')) as r (actor_role);

create table app.horoscopes (
    id uuid primary key default gen_random_uuid(),
    sign text not null references app.zodiac_signs (code),
    horoscope_date date not null,
    status text not null check (status in ('pending', 'approved', 'rejected', 'failed')),
    source_url text not null check (
        source_url ~ '^https?://[^[:space:]]+$' and char_length(source_url) <= 2000
    ),
    -- the audio, stored through the media path (app.media_assets); none while failed
    media_id uuid references app.media_assets (id),
    duration_ms integer check (duration_ms > 0),
    rejection_reason text check (char_length(rejection_reason) between 1 and 1000),
    error_code text check (error_code ~ '^[A-Z0-9]{5}$'),
    error_detail text check (char_length(error_detail) <= 2000),
    -- who did what and when: auth.users ids without a foreign key, like audit_log.actor_id
    ingested_at timestamptz not null default now(),
    ingested_by uuid,
    approved_at timestamptz,
    approved_by uuid,
    rejected_at timestamptz,
    rejected_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (sign, horoscope_date),
    constraint horoscopes_audio_unless_failed check ((status = 'failed') = (media_id is null)),
    constraint horoscopes_error_when_failed check ((status = 'failed') = (error_code is not null)),
    constraint horoscopes_reason_when_rejected check (
        status <> 'rejected' or rejection_reason is not null
    ),
    constraint horoscopes_stamped_when_approved check (
        status <> 'approved' or approved_at is not null
    )
);

comment on table app.horoscopes is
'One daily horoscope audio per sign and day; public only when approved and only on its day.';
comment on column app.horoscopes.horoscope_date is
'The day it is for, on the calendar of the setting horoscopes.time_zone (app.horoscope_today).';
comment on column app.horoscopes.error_code is
'Why the last ingest or regeneration failed (a registered code); set only while failed.';
alter table app.horoscopes enable row level security;
revoke all on table app.horoscopes from anon, authenticated, service_role;

-- the public read filters on (date, status); the archive walks dates; media lookups by id
create index horoscopes_date_status_idx on app.horoscopes (horoscope_date, status);
create index horoscopes_media_id_idx on app.horoscopes (media_id);
