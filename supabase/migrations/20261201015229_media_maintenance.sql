-- What the monthly media_maintenance job records: the last check of each stored file (present,
-- sha256 as recorded, integrated loudness of published audio) and each reader's voice
-- reference, the loudness statistics of their recent approved recordings.

create table app.media_checks (
    media_id uuid primary key references app.media_assets (id) on delete cascade,
    checked_at timestamptz not null,
    outcome text not null check (outcome in ('ok', 'missing', 'sha256_mismatch', 'unreadable')),
    integrated_lufs numeric(6, 2),
    loudness_outlier boolean not null default false
);

comment on table app.media_checks is
'Last media_maintenance check of each media file: present and matching its sha256, and for '
'published audio its integrated loudness (LUFS) and whether it is an outlier.';
alter table app.media_checks enable row level security;
revoke all on table app.media_checks from anon, authenticated, service_role;

create table app.reader_voice_references (
    reader_id uuid primary key references app.profiles (id) on delete cascade,
    media_ids uuid[] not null,
    recordings integer not null check (recordings > 0),
    mean_lufs numeric(6, 2) not null,
    min_lufs numeric(6, 2) not null,
    max_lufs numeric(6, 2) not null,
    stddev_lufs numeric(6, 2),
    rebuilt_at timestamptz not null
);

comment on table app.reader_voice_references is
'Loudness statistics of each reader''s recent approved recordings (media_maintenance).';
alter table app.reader_voice_references enable row level security;
revoke all on table app.reader_voice_references from anon, authenticated, service_role;
