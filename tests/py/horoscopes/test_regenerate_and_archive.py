"""regenerate_horoscope (the audio again from the stored source, back to pending) and
horoscopes_archive (the admin archive with signed audio URLs)."""

from __future__ import annotations

import httpx
import psycopg
import pytest
from storage3.exceptions import StorageException

from samia_functions import horoscopes


def ingest(call, user, tiktok, clip, day, sign, video_id) -> str:
    url = tiktok.add_video(video_id, clip)
    status, body = call("horoscopes_ingest", user, {"date": day, "sign": sign, "url": url})
    assert status == 200, body
    return body["results"][0]["horoscope"]["id"]


def test_regenerate_extracts_again_from_the_stored_source(call, make_user, tiktok, clip,
                                                          audio_of, day, row):
    monitor = make_user("monitor")
    horoscope_id = ingest(call, monitor, tiktok, clip, day, "cancer", "7400000000000000501")
    old = row("cancer", day)
    status, body = call("regenerate_horoscope", monitor, {"horoscope_id": horoscope_id})
    assert status == 200, body
    assert body["status"] == "pending"
    new = row("cancer", day)
    assert new["source_url"] == old["source_url"] and new["media_id"] != old["media_id"]
    rows, objects = audio_of(monitor)
    assert rows == objects and len(rows) == 1
    assert next(iter(rows)).endswith(str(new["media_id"]))
    assert tiktok.requests.count(("www.tiktok.com",
                                  "/@samia.horoscopes/video/7400000000000000501")) == 2


def test_regenerate_of_a_vanished_source_fails_cleanly(call, make_user, tiktok, clip,
                                                       audio_of, day, row):
    monitor = make_user("monitor")
    horoscope_id = ingest(call, monitor, tiktok, clip, day, "aquarius", "7400000000000000502")
    tiktok.page_faults["7400000000000000502"] = "404"
    status, body = call("regenerate_horoscope", monitor, {"horoscope_id": horoscope_id})
    assert status == 200, body
    assert (body["status"], body["error"]["code"]) == ("failed", horoscopes.DOWNLOAD_FAILED)
    saved = row("aquarius", day)
    assert (saved["status"], saved["media_id"]) == ("failed", None)
    assert audio_of(monitor) == (set(), set())


def test_regenerate_is_for_staff_and_known_horoscopes(call, make_user, tiktok):
    status, body = call("regenerate_horoscope", make_user("client"),
                        {"horoscope_id": "00000000-0000-0000-0000-000000000000"})
    assert (status, body["code"]) == (403, "42501")
    status, body = call("regenerate_horoscope", make_user("monitor"),
                        {"horoscope_id": "00000000-0000-0000-0000-000000000000"})
    assert (status, body["code"]) == (400, "ZHNOF")
    status, body = call("regenerate_horoscope", make_user("monitor"), {"horoscope_id": 5})
    assert (status, body["code"]) == (400, "BADRQ")
    assert tiktok.requests == []


def today(database_dsn: str) -> str:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute("select app.horoscope_today()::text").fetchone()[0]


def test_the_archive_signs_each_audio_for_admins_only(call, make_user, tiktok, clip,
                                                      database_dsn):
    day = today(database_dsn)
    monitor = make_user("monitor")
    ingest(call, monitor, tiktok, clip, day, "sagittarius", "7400000000000000601")
    status, body = call("horoscopes_archive", make_user("admin"))
    assert status == 200, body
    [entry] = [h for h in body["horoscopes"] if h["sign"] == "sagittarius" and h["date"] == day]
    assert httpx.get(entry["audio_url"], timeout=30).content[4:8] == b"ftyp"  # an mp4 file
    status, body = call("horoscopes_archive", monitor)
    assert (status, body["code"]) == (403, "42501")


def test_the_public_hears_todays_audio_only_once_approved(call, make_user, tiktok, clip,
                                                          database_dsn, supabase_for):
    """As the frontend does it: get_daily_horoscope as anon, then Storage signs the audio for
    anon only while the horoscope is approved and of today."""
    day = today(database_dsn)
    monitor = make_user("monitor")
    horoscope_id = ingest(call, monitor, tiktok, clip, day, "capricorn", "7400000000000000701")
    anon = supabase_for()
    assert anon.rpc("get_daily_horoscope", {"p_sign": "capricorn"}).execute().data is None
    staff_view = supabase_for(monitor).rpc("get_daily_horoscope",
                                           {"p_sign": "capricorn"}).execute().data
    bucket, key = staff_view["audio"]["bucket"], staff_view["audio"]["path"]
    with pytest.raises(StorageException):
        anon.storage.from_(bucket).create_signed_url(key, 60)

    supabase_for(monitor).rpc("approve_horoscope", {"p_horoscope_id": horoscope_id}).execute()
    public = anon.rpc("get_daily_horoscope", {"p_sign": "capricorn"}).execute().data
    assert public["audio"] == {"bucket": bucket, "path": key} and "source_url" not in public
    signed = anon.storage.from_(bucket).create_signed_url(key, 60)
    assert httpx.get(signed["signedURL"], timeout=30).content[4:8] == b"ftyp"
