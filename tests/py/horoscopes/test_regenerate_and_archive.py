"""regenerate_horoscope (the audio again from the stored source, back to pending) and
horoscopes_archive (the admin archive with signed audio URLs)."""

from __future__ import annotations

from samia_functions import horoscopes


def ingest(call, user, tiktok, clip, day, sign, video_id) -> str:
    url = tiktok.add_video(video_id, clip)
    status, body = call("horoscopes_ingest", user, {"date": day, "sign": sign, "url": url})
    assert status == 200, body
    return body["results"][0]["horoscope"]["id"]


def test_regenerate_extracts_again_from_the_stored_source(call, make_user, tiktok, clip,
                                                          audio_store, day, row):
    monitor = make_user("monitor")
    horoscope_id = ingest(call, monitor, tiktok, clip, day, "cancer", "7400000000000000501")
    old = row("cancer", day)
    status, body = call("regenerate_horoscope", monitor, {"horoscope_id": horoscope_id})
    assert status == 200, body
    assert body["status"] == "pending"
    new = row("cancer", day)
    assert new["source_url"] == old["source_url"] and new["media_id"] != old["media_id"]
    assert [f.name for f in audio_store.files()] == [str(new["media_id"])]
    assert tiktok.requests.count(("www.tiktok.com",
                                  "/@samia.horoscopes/video/7400000000000000501")) == 2


def test_regenerate_of_a_vanished_source_fails_cleanly(call, make_user, tiktok, clip,
                                                       audio_store, day, row):
    monitor = make_user("monitor")
    horoscope_id = ingest(call, monitor, tiktok, clip, day, "aquarius", "7400000000000000502")
    tiktok.page_faults["7400000000000000502"] = "404"
    status, body = call("regenerate_horoscope", monitor, {"horoscope_id": horoscope_id})
    assert status == 200, body
    assert (body["status"], body["error"]["code"]) == ("failed", horoscopes.DOWNLOAD_FAILED)
    saved = row("aquarius", day)
    assert (saved["status"], saved["media_id"]) == ("failed", None)
    assert audio_store.files() == []


def test_regenerate_is_for_staff_and_known_horoscopes(call, make_user, tiktok, audio_store):
    status, body = call("regenerate_horoscope", make_user("client"),
                        {"horoscope_id": "00000000-0000-0000-0000-000000000000"})
    assert (status, body["code"]) == (403, "42501")
    status, body = call("regenerate_horoscope", make_user("monitor"),
                        {"horoscope_id": "00000000-0000-0000-0000-000000000000"})
    assert (status, body["code"]) == (400, "ZHNOF")
    status, body = call("regenerate_horoscope", make_user("monitor"), {"horoscope_id": 5})
    assert (status, body["code"]) == (400, "BADRQ")
    assert tiktok.requests == []


def test_the_archive_signs_each_audio_for_admins_only(call, make_user, tiktok, clip,
                                                      audio_store, database_dsn):
    import psycopg

    with psycopg.connect(database_dsn) as conn:
        today = conn.execute("select app.horoscope_today()::text").fetchone()[0]
    monitor = make_user("monitor")
    ingest(call, monitor, tiktok, clip, today, "sagittarius", "7400000000000000601")
    status, body = call("horoscopes_archive", make_user("admin"))
    assert status == 200, body
    [entry] = [h for h in body["horoscopes"] if h["sign"] == "sagittarius" and h["date"] == today]
    assert entry["audio_url"] == (
        f"https://storage.test/sign/{entry['audio']['bucket']}/{entry['audio']['path']}")
    status, body = call("horoscopes_archive", monitor)
    assert (status, body["code"]) == (403, "42501")
