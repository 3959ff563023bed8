"""media_maintenance: its SQL part picks the files, its Python step downloads each through
Storage, checks its sha256, measures published audio with ffmpeg, and the database records the
checks, flags loudness outliers and reports files without a row."""

from __future__ import annotations

import hashlib
import json
import subprocess
import uuid
from pathlib import Path

import psycopg

from samia_functions.jobs import run_in


def tone(path: Path, volume: str) -> bytes:
    """Two seconds of a real 440 Hz recording at `volume`, as M4A."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=2", "-af", f"volume={volume}", "-ac", "1",
                    str(path)], check=True)
    return path.read_bytes()


def as_user(conn: psycopg.Connection, user_id: str) -> None:
    conn.execute("select set_config('request.jwt.claims', %s, true), "
                 "set_config('role', 'authenticated', true)",
                 (json.dumps({"sub": user_id, "role": "authenticated"}),))


def test_checks_files_measures_published_audio_and_reports_orphans(
        service_storage, database_dsn, make_user, tmp_path):
    staff = make_user("monitor")
    # near the -16 LUFS target, and far below it
    loud, quiet = tone(tmp_path / "loud.m4a", "1.7"), tone(tmp_path / "quiet.m4a", "0.01")
    ids = {name: str(uuid.uuid4()) for name in ("loud", "quiet", "changed", "missing")}
    paths = {name: f"{staff.id}/{media_id}" for name, media_id in ids.items()}
    orphan = f"{staff.id}/{uuid.uuid4()}"
    for name, data in (("loud", loud), ("quiet", quiet), ("changed", loud), ("orphan", loud)):
        service_storage.from_("horoscope-audio").upload(paths.get(name, orphan), data,
                                                {"content-type": "audio/mp4"})
    recorded = {"loud": loud, "quiet": quiet, "changed": quiet, "missing": loud}
    day = "2019-03-07"  # a past day: nothing else of the suite uses it
    with psycopg.connect(database_dsn) as conn:
        for name, data in recorded.items():
            conn.execute(
                "insert into app.media_assets (id, owner_id, kind, bucket, path, mime_type, "
                "purpose, sha256) values (%s, %s, 'audio', 'horoscope-audio', %s, 'audio/mp4', "
                "'horoscope_audio', %s)",
                (ids[name], staff.id, paths[name], hashlib.sha256(data).hexdigest()))
        conn.execute("update storage.objects set created_at = now() - interval '2 days' "
                     "where bucket_id = 'horoscope-audio' and name = %s", (orphan,))
        # loud and quiet are published: approved horoscopes of a past day
        as_user(conn, staff.id)
        for sign, name in (("leo", "loud"), ("virgo", "quiet")):
            row = conn.execute(
                "select app.record_horoscope_audio('ingest', %s, %s, "
                "'https://www.tiktok.com/@s/video/1', %s, 2000)",
                (sign, day, ids[name])).fetchone()[0]
            conn.execute("select public.approve_horoscope(%s)", (row["horoscope"]["id"],))
        conn.execute("reset role")
        conn.commit()

        run = run_in(conn, "media_maintenance", "cli", storage=lambda: service_storage)
        conn.commit()
        assert run["status"] == "succeeded", run
        rows = conn.execute(
            "select media_id::text, outcome, integrated_lufs, loudness_outlier "
            "from app.media_checks where media_id = any(%s::uuid[])",
            (list(ids.values()),)).fetchall()
    checks = {m: (outcome, lufs is not None, outlier) for m, outcome, lufs, outlier in rows}
    lufs = {m: value for m, _, value, _ in rows}

    assert checks == {ids["loud"]: ("ok", True, False), ids["quiet"]: ("ok", True, True),
                      ids["changed"]: ("sha256_mismatch", False, False),
                      ids["missing"]: ("missing", False, False)}
    assert -19 < lufs[ids["loud"]] < -13 and lufs[ids["quiet"]] < -40
    step = run["result"]["step"]
    assert {"bucket": "horoscope-audio", "path": orphan} in step["orphans"]
    problems = {p["media_id"]: p["outcome"] for p in step["problems"]}
    assert problems[ids["changed"]] == "sha256_mismatch" and problems[ids["missing"]] == "missing"
    assert ids["quiet"] in step["loudness_outliers"]
