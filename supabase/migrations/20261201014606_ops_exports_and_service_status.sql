-- Operations: the bookkeeping of CSV exports, the health of outside services, and the indexes
-- the ops snapshot and metrics read. Shape only; the rules are in sql/app (export_*, ops_*,
-- mask_*, record_service_*) and sql/rpc (ops_snapshot, ops_metrics).

-- What may be exported. One row per dataset, each read by its own SQL function
-- app.export_<code>(export_id), which applies the masking. A new dataset (calls) is a row here
-- plus its function.
create table app.export_datasets (
    code text primary key check (code ~ '^[a-z][a-z_]{0,30}$'),
    description text not null
);

comment on table app.export_datasets is
'Datasets an export may contain; each is read by the function app.export_<code>(export_id).';
alter table app.export_datasets enable row level security;
revoke all on table app.export_datasets from anon, authenticated, service_role;

insert into app.export_datasets (code, description)
values
('orders', 'Orders created in the range, with their client and reader.'),
('horoscopes', 'Daily horoscope rows created in the range.'),
('moderation', 'Blocks, unblocks, approvals and rejections made in the range.'),
('audit', 'Audit log rows written in the range.')
on conflict (code) do nothing;

-- One row per export: who asked, for what, masked or raw (and why), where the file is and
-- when it expires. The retention job removes expired rows and their files (bucket, path).
create table app.exports (
    id uuid primary key default gen_random_uuid(),
    requested_by uuid not null,
    requested_at timestamptz not null default now(),
    datasets text[] not null check (cardinality(datasets) between 1 and 10),
    range_from timestamptz not null,
    range_to timestamptz not null,
    raw boolean not null default false,
    reason text check (char_length(reason) between 1 and 1000),
    bucket text not null default 'exports',
    storage_path text not null unique check (
        storage_path ~ '^[A-Za-z0-9_./-]+$' and char_length(storage_path) <= 300
    ),
    row_counts jsonb check (jsonb_typeof(row_counts) = 'object'),
    bytes bigint check (bytes >= 0),
    completed_at timestamptz,
    expires_at timestamptz not null,
    constraint exports_range_ordered check (range_from < range_to),
    constraint exports_reason_when_raw check (not raw or reason is not null),
    constraint exports_completed_with_file check (
        (completed_at is null) = (bytes is null) and (completed_at is null) = (row_counts is null)
    )
);

comment on table app.exports is
'CSV exports: who, which datasets and range, masked or raw (with the reason), the ZIP in '
'Storage (bucket, storage_path) and when it expires. requested_by is an auth.users id without a '
'foreign key, like audit_log.actor_id.';
comment on column app.exports.expires_at is
'When the file and this row may be purged (the retention job).';
alter table app.exports enable row level security;
revoke all on table app.exports from anon, authenticated, service_role;

create index exports_requested_by_idx on app.exports (requested_by, requested_at desc);
create index exports_expires_at_idx on app.exports (expires_at);

-- The health of each outside service as the functions saw it: whether its settings were
-- present the last time a function read them, and the last error it answered. Written only by
-- the definer helpers app.record_service_*; one row per service, so it never grows.
create table app.service_status (
    service text primary key check (service ~ '^[a-z][a-z_]{0,30}$'),
    description text not null,
    configured boolean,
    configured_checked_at timestamptz,
    last_error_at timestamptz,
    last_error_code text check (char_length(last_error_code) <= 20),
    last_error_message text check (char_length(last_error_message) <= 500),
    error_count bigint not null default 0 check (error_count >= 0)
);

comment on table app.service_status is
'Outside services as the functions last saw them: settings present (null: never checked) and '
'the last error, with a running count.';
alter table app.service_status enable row level security;
revoke all on table app.service_status from anon, authenticated, service_role;

insert into app.service_status (service, description)
values
('twilio_verify', 'Twilio Verify: phone verification codes by SMS, call or WhatsApp.'),
('storage', 'Supabase Storage: media files and exports.'),
('tiktok', 'TikTok downloads through yt-dlp and ffmpeg: the daily horoscope audio.')
on conflict (service) do nothing;

-- ops_snapshot: the oldest order waiting in each state.
create index orders_status_status_changed_at_idx on app.orders (status, status_changed_at);
-- ops_snapshot: verification outcomes of the last 24 hours.
create index phone_verification_attempts_created_at_idx
on app.phone_verification_attempts (created_at);
-- ops_snapshot: buckets refreshed within the last hour.
create index rate_limit_buckets_refreshed_at_idx on app.rate_limit_buckets (refreshed_at);
-- ops_metrics and the moderation export: decisions made in a range.
create index moderation_actions_occurred_at_idx on app.moderation_actions (occurred_at);
