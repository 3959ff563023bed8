-- remove_unused_horoscope_audio: a monitor or admin deletes the media row of horoscope audio
-- that no horoscope uses any more (a re-ingest replaced it, or the ingest failed) and gets its
-- Storage bucket and key back, to remove the file in the same open transaction
-- (samia_functions.horoscope_audio; the storage.objects policy
-- storage_objects_delete_horoscope_audio allows that file to staff). Returns null when there is
-- no such unused row. Raises USRBL, 42501 (not a monitor or admin).
-- Definer because no API role may delete media rows (no table-wide write grants): this deletes
-- only unused horoscope audio, for staff.
create or replace function app.remove_unused_horoscope_audio(p_media_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_removed jsonb;
begin
    perform app.require_role('monitor', 'admin', 'superadmin');
    delete from app.media_assets as m
    where
        m.id = p_media_id
        and m.purpose = 'horoscope_audio'
        and not exists (select 1 from app.horoscopes as h where h.media_id = m.id)
    returning pg_catalog.jsonb_build_object('bucket', m.bucket, 'path', m.path) into v_removed;
    return v_removed;
end;
$$;

comment on function app.remove_unused_horoscope_audio(uuid) is
'Staff: deletes the row of horoscope audio no horoscope uses; returns its bucket and key. '
'Errors: USRBL, 42501.';

revoke execute on function app.remove_unused_horoscope_audio(uuid) from public, anon;

grant execute on function app.remove_unused_horoscope_audio(uuid) to authenticated;
