-- published_audio: the audio clients can hear, with whose voice it is: the recorded result of
-- an approved or delivered order (its reader), and the audio of an approved horoscope (no
-- reader: staff ingest it). media_maintenance re-measures these; a reader's approved results
-- make their voice reference.
create or replace function app.published_audio()
returns table (media_id uuid, reader_id uuid, published_at timestamptz)
language sql
stable
security invoker
set search_path = ''
as $$
    select r.output_media_id, o.reader_id, coalesce(o.approved_at, o.updated_at)
    from app.order_results as r
    inner join app.orders as o on r.order_id = o.id
    inner join app.media_assets as m on r.output_media_id = m.id
    where o.status in ('approved', 'delivered') and m.kind = 'audio'
    union all
    select h.media_id, null, h.approved_at
    from app.horoscopes as h
    where h.status = 'approved' and h.media_id is not null
$$;

comment on function app.published_audio() is
'Audio clients can hear: approved or delivered order results (with their reader) and approved '
'horoscopes.';

revoke execute on function app.published_audio() from public, anon, authenticated, service_role;
