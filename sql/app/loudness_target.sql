-- loudness_target: the integrated loudness (LUFS) audio is levelled to. For a reader with a voice
-- reference (app.reader_voice_references, rebuilt by the media_maintenance job) it is the mean
-- loudness of their recent approved recordings; otherwise, and without a reader, the platform's
-- target, setting media.loudness.target_lufs (-16 when the setting is missing). Returns
-- {"target_lufs", "from": "voice_reference" | "platform"}. The horoscope regenerate step levels
-- its audio to it; media_maintenance measures outliers against the platform's. Definer because
-- monitors, who regenerate horoscopes, may not read the references; it returns one number and
-- where it came from.
create or replace function app.loudness_target(p_reader_id uuid default null) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
    select coalesce(
        (
            select pg_catalog.jsonb_build_object(
                'target_lufs', r.mean_lufs, 'from', 'voice_reference'
            )
            from app.reader_voice_references as r
            where r.reader_id = p_reader_id
        ),
        pg_catalog.jsonb_build_object(
            'target_lufs',
            coalesce(
                (
                    select (s.value ->> 'target_lufs')::numeric
                    from app.app_settings as s
                    where s.key = 'media.loudness'
                ),
                -16
            ),
            'from', 'platform'
        )
    )
$$;

comment on function app.loudness_target(uuid) is
'The loudness (LUFS) to level audio to: the reader''s voice reference, else the platform target.';

revoke execute on function app.loudness_target(uuid) from public, anon;

grant execute on function app.loudness_target(uuid) to authenticated, service_role;
