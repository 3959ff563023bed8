-- horoscope_json: a horoscope as its caller may see it. Everyone gets the day, the state and
-- the audio (its Storage bucket and path come from app.media_assets under the caller's RLS, so
-- the media policies decide); monitors and admins also get the source, the judgement and the
-- error of a failed ingest.
create or replace function app.horoscope_json(p_horoscope app.horoscopes) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_json jsonb;
begin
    if p_horoscope.id is null then
        return null;
    end if;
    v_json := pg_catalog.jsonb_build_object(
        'id', p_horoscope.id,
        'sign', p_horoscope.sign,
        'date', p_horoscope.horoscope_date,
        'status', p_horoscope.status,
        'media_id', p_horoscope.media_id,
        'duration_ms', p_horoscope.duration_ms,
        'audio', (
            select pg_catalog.jsonb_build_object('bucket', m.bucket, 'path', m.path)
            from app.media_assets as m
            where m.id = p_horoscope.media_id
        )
    );
    -- has_role is not granted to anon, so ask only signed-in callers
    if current_user <> 'authenticated' then
        return v_json;
    end if;
    if app.has_role('monitor', 'admin', 'superadmin') then
        v_json := v_json || pg_catalog.jsonb_build_object(
            'source_url', p_horoscope.source_url,
            'rejection_reason', p_horoscope.rejection_reason,
            'error_code', p_horoscope.error_code,
            'error_detail', p_horoscope.error_detail,
            'ingested_at', p_horoscope.ingested_at,
            'ingested_by', p_horoscope.ingested_by,
            'approved_at', p_horoscope.approved_at,
            'approved_by', p_horoscope.approved_by,
            'rejected_at', p_horoscope.rejected_at,
            'rejected_by', p_horoscope.rejected_by
        );
    end if;
    return v_json;
end;
$$;

comment on function app.horoscope_json(app.horoscopes) is
'A horoscope as JSON for its caller: public fields, plus the staff fields for staff.';

revoke execute on function app.horoscope_json(app.horoscopes) from public;

grant execute on function app.horoscope_json(app.horoscopes) to anon, authenticated, service_role;
