-- Files a user uploaded or a reader produced (Storage objects, referenced by bucket and path).

create table app.media_assets (
    id uuid primary key default gen_random_uuid(),
    owner_id uuid not null references app.profiles (id) on delete cascade,
    kind text not null check (kind in ('audio', 'image', 'video', 'document')),
    bucket text not null,
    path text not null,
    mime_type text not null,
    byte_size bigint check (byte_size >= 0),
    duration_ms integer check (duration_ms >= 0),
    sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
    created_at timestamptz not null default now(),
    unique (bucket, path)
);

comment on table app.media_assets is
'Metadata of stored media (audio, image, video, document); the bytes live in Storage.';
alter table app.media_assets enable row level security;
revoke all on table app.media_assets from anon, authenticated, service_role;

create index media_assets_owner_id_idx on app.media_assets (owner_id);
