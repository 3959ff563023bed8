-- media_limits: the upload limits of a media kind, setting `media.limits.<kind>`:
-- {"min_bytes", "max_bytes", "max_duration_seconds" (audio and video), "mime_types": [...]}.

-- Definer because clients cannot read app.app_settings; returns one kind's limits only.
create or replace function app.media_limits(p_kind text) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
    select s.value
    from app.app_settings as s
    where s.key = 'media.limits.' || p_kind
$$;

comment on function app.media_limits(text) is
'Upload limits of a media kind (setting media.limits.<kind>); null for an unknown kind.';

revoke execute on function app.media_limits(text) from public, anon;

grant execute on function app.media_limits(text) to authenticated, service_role;
