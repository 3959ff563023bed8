"""purge_old removes rows past retention and their files through Storage, expired exports and
files whose row is gone, and keeps what is younger."""

from __future__ import annotations

import uuid

import psycopg
from storage3 import SyncStorageClient

from samia_functions.jobs import run_in

AUDIO = b"\x00" * 2048


def put(storage: SyncStorageClient, bucket: str, path: str) -> None:
    storage.from_(bucket).upload(path, AUDIO, {"content-type": "audio/mp4"})


def objects(conn: psycopg.Connection, bucket: str, paths: list[str]) -> set[str]:
    return {r[0] for r in conn.execute(
        "select name from storage.objects where bucket_id = %s and name = any(%s)",
        (bucket, paths))}


def test_purge_removes_rows_and_files(api_url, service_key, anon_key, database_dsn, make_user):
    storage = SyncStorageClient(f"{api_url}/storage/v1/",
                                {"apikey": anon_key, "Authorization": f"Bearer {service_key}"})
    staff = make_user("monitor")
    old_audio, new_audio = str(uuid.uuid4()), str(uuid.uuid4())
    paths = {name: f"{staff.id}/{name}" for name in (old_audio, new_audio)}
    orphan, young_orphan = f"{staff.id}/{uuid.uuid4()}", f"{staff.id}/{uuid.uuid4()}"
    # an export whose row expired, a file no export row names, and a fresh one
    expired_export, old_export, new_export = (f"masked/2026-01-01/{uuid.uuid4()}.zip"
                                              for _ in range(3))
    for path in (*paths.values(), orphan, young_orphan):
        put(storage, "horoscope-audio", path)
    for path in (expired_export, old_export, new_export):
        put(storage, "exports", path)
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        for media_id, age in ((old_audio, "60 days"), (new_audio, "1 day")):
            conn.execute(
                "insert into app.media_assets (id, owner_id, kind, bucket, path, mime_type, "
                "purpose, created_at) values (%s, %s, 'audio', 'horoscope-audio', %s, "
                "'audio/mp4', 'horoscope_audio', now() - %s::interval)",
                (media_id, staff.id, paths[media_id], age))
        conn.execute(
            "insert into app.exports (requested_by, datasets, range_from, range_to, "
            "storage_path, expires_at) values (%s, '{orders}', now() - interval '2 days', "
            "now() - interval '1 day', %s, now() - interval '1 second')",
            (staff.id, expired_export))
        # Storage stamps objects now; age the ones that should be old
        conn.execute("update storage.objects set created_at = now() - interval '60 days' "
                     "where (bucket_id, name) in (('horoscope-audio', %s), ('exports', %s))",
                     (orphan, old_export))

    with psycopg.connect(database_dsn) as conn:
        run = run_in(conn, "purge_old", "cli", storage=lambda: storage)
        conn.commit()

    assert run["status"] == "succeeded", run
    result = run["result"]
    assert result["horoscope_audio"] >= 1
    listed = {(f["bucket"], f["path"], f["reason"]) for f in result["files"]}
    assert {("horoscope-audio", paths[old_audio], "purged"),
            ("horoscope-audio", orphan, "orphan"),
            ("exports", old_export, "orphan"),
            ("exports", expired_export, "expired_export")} <= listed
    assert result["exports"] >= 1
    assert result["step"]["removed"] >= 4 and result["step"]["not_removed"] == []
    with psycopg.connect(database_dsn) as conn:
        kept = conn.execute("select id::text from app.media_assets where id = any(%s::uuid[])",
                            ([old_audio, new_audio],)).fetchall()
        assert kept == [(new_audio,)]
        assert objects(conn, "horoscope-audio", [*paths.values(), orphan, young_orphan]) == {
            paths[new_audio], young_orphan}
        assert objects(conn, "exports", [expired_export, old_export, new_export]) == {new_export}
        assert conn.execute("select count(*) from app.exports where storage_path = %s",
                            (expired_export,)).fetchone()[0] == 0
        recorded = conn.execute("select status, result -> 'step' from app.job_runs "
                                "where id = %s", (run["run_id"],)).fetchone()
    assert recorded == ("succeeded", result["step"])
