-- The daily horoscopes' audio in Storage: its private bucket and its media purpose, so the
-- ingest stores through the media path (media_upload's app.record_media and its checks). Who
-- uploads, reads and removes these files is decided in sql/app/may_upload_media.sql and
-- sql/policies/storage_objects.sql.

insert into storage.buckets (id, name, public)
values ('horoscope-audio', 'horoscope-audio', false)
on conflict (id) do nothing;

insert into app.media_purposes (code, bucket, kinds, per_order, description)
values (
    'horoscope_audio', 'horoscope-audio', array['audio'], false,
    'A daily horoscope''s audio, extracted from its TikTok video by monitors and admins.'
);
