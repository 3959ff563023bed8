"""regenerate_horoscope levels the new audio to a reader's voice reference: media_maintenance
builds the reference from the reader's delivered recordings (real ffmpeg tones in Storage), the
regenerate step reads it through SQL and normalises to its mean, and the stored audio, measured
again with ffmpeg, sits at that level. Without a reader, or for one without a reference, it is
the platform target."""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
from media.conftest import ffmpeg_sine

from samia_functions.jobs import run_in
from samia_functions.speech_audio import integrated_loudness

from .test_regenerate_and_archive import ingest

TOLERANCE_LU = 1.0  # loudnorm lands within a few hundredths on these tones; 1 LU is audible


def reader_with_delivered_recordings(database_dsn: str, storage, tmp_path: Path,
                                     volumes: tuple[str, ...]) -> str:
    """A reader (tests.create_user) whose delivered orders answer with tones at `volumes`,
    stored in the order-results bucket and recorded in app.media_assets; returns the reader id."""
    suffix = uuid.uuid4().hex[:10]
    reader, client = f"voice-reader-{suffix}", f"voice-client-{suffix}"
    with psycopg.connect(database_dsn) as conn:
        reader_id = conn.execute("select tests.create_user(%s, 'reader')", (reader,)).fetchone()[0]
        conn.execute("select tests.create_user(%s, 'client')", (client,))
        for n, volume in enumerate(volumes):
            data = ffmpeg_sine(tmp_path / f"take{n}.m4a", 3, "-af", f"volume={volume}", "-ac", "1")
            order_id = conn.execute("select tests.create_order_in_state(%s, 'delivered', %s)",
                                    (client, reader)).fetchone()[0]
            media_id = uuid.uuid4()
            path = f"{order_id}/{media_id}"
            storage.from_("order-results").upload(path, data, {"content-type": "audio/mp4"})
            conn.execute(
                "insert into app.media_assets (id, owner_id, kind, bucket, path, mime_type, "
                "purpose, sha256, order_id) values (%s, %s, 'audio', 'order-results', %s, "
                "'audio/mp4', 'order_result', %s, %s)",
                (media_id, reader_id, path, hashlib.sha256(data).hexdigest(), order_id))
            conn.execute("update app.order_results set output_media_id = %s where order_id = %s",
                         (media_id, order_id))
    return str(reader_id)


def stored_loudness(database_dsn: str, storage, tmp_path: Path, media_id) -> float:
    with psycopg.connect(database_dsn) as conn:
        bucket, key = conn.execute("select bucket, path from app.media_assets where id = %s",
                                   (media_id,)).fetchone()
    audio = tmp_path / f"{media_id}.m4a"
    audio.write_bytes(storage.from_(bucket).download(key))
    return integrated_loudness(audio)


def test_regenerate_levels_the_audio_to_the_readers_voice_reference(
        call, make_user, tiktok, clip, day, row, database_dsn, service_storage, tmp_path):
    reader_id = reader_with_delivered_recordings(database_dsn, service_storage, tmp_path,
                                                 ("0.3", "0.5"))
    with psycopg.connect(database_dsn) as conn:
        run = run_in(conn, "media_maintenance", "cli", storage=lambda: service_storage)
        conn.commit()
        assert run["status"] == "succeeded", run
        recordings, mean = conn.execute(
            "select recordings, mean_lufs from app.reader_voice_references where reader_id = %s",
            (reader_id,)).fetchone()
    assert recordings == 2 and mean < Decimal(-22)  # well away from the platform's -16

    monitor = make_user("monitor")
    horoscope_id = ingest(call, monitor, tiktok, clip, day, "gemini", "7400000000000000801")
    status, body = call("regenerate_horoscope", monitor,
                        {"horoscope_id": horoscope_id, "reader_id": reader_id})
    assert status == 200, body
    assert body["status"] == "pending"
    assert body["loudness"] == {"target_lufs": float(mean), "from": "voice_reference"}
    level = stored_loudness(database_dsn, service_storage, tmp_path, row("gemini", day)["media_id"])
    assert abs(level - float(mean)) <= TOLERANCE_LU


def test_without_a_reference_the_audio_goes_to_the_platform_target(
        call, make_user, tiktok, clip, day, row, database_dsn, service_storage, tmp_path):
    monitor = make_user("monitor")
    horoscope_id = ingest(call, monitor, tiktok, clip, day, "taurus", "7400000000000000802")
    platform = {"target_lufs": -16, "from": "platform"}
    for reader in (None, make_user("reader").id):  # no reader named; a reader never measured
        status, body = call("regenerate_horoscope", monitor,
                            {"horoscope_id": horoscope_id, "reader_id": reader})
        assert status == 200, body
        assert body["loudness"] == platform
        level = stored_loudness(database_dsn, service_storage, tmp_path,
                                row("taurus", day)["media_id"])
        assert abs(level - platform["target_lufs"]) <= TOLERANCE_LU


def test_the_named_reader_must_be_a_reader(call, make_user, tiktok, clip, day, row):
    monitor = make_user("monitor")
    horoscope_id = ingest(call, monitor, tiktok, clip, day, "libra", "7400000000000000803")
    before = row("libra", day)
    status, body = call("regenerate_horoscope", monitor,
                        {"horoscope_id": horoscope_id, "reader_id": make_user("client").id})
    assert (status, body["code"]) == (400, "ORDRD")
    status, body = call("regenerate_horoscope", monitor,
                        {"horoscope_id": horoscope_id, "reader_id": "rita"})
    assert (status, body["code"]) == (400, "BADRQ")
    assert row("libra", day) == before  # nothing downloaded again, nothing changed
