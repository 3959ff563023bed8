-- Key/value system settings (defaults and rate limits come from the seed).

create table app.app_settings (
    key text primary key,
    value jsonb not null,
    description text,
    updated_at timestamptz not null default now(),
    updated_by uuid
);

comment on table app.app_settings is
'System settings; admins read them, superadmins change them through RPCs.';
comment on column app.app_settings.updated_by is 'auth.users id of the last writer, when known.';
alter table app.app_settings enable row level security;
revoke all on table app.app_settings from anon, authenticated, service_role;

create trigger app_settings_touch_updated_at
before update on app.app_settings
for each row execute function app.touch_updated_at();
