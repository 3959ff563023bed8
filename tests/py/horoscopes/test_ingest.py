"""horoscopes_ingest end to end, offline: yt-dlp's real TikTok extractor downloads from the
loopback TikTok, ffmpeg extracts loudness-normalised speech audio, the media path stores it in
the gateway's Storage as the caller and the row is written as pending. Failures leave a
`failed` row with a clear code, and no media row or file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from samia_functions import db, horoscopes, video_fetch
from samia_functions.postgrest.errors import ApiError

from .conftest import probe

SIGNS = ("aries", "taurus", "gemini", "cancer", "leo", "virgo", "libra", "scorpio",
         "sagittarius", "capricorn", "aquarius", "pisces")


def integrated_loudness(path: Path) -> float:
    """EBU R128 integrated loudness of a file, measured by ffmpeg's loudnorm in print mode."""
    done = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-af",
         "loudnorm=print_format=json", "-f", "null", "-"],
        check=True, capture_output=True, text=True)
    return float(json.loads(done.stderr[done.stderr.rindex("{"):])["input_i"])


def stored_one(audio_of, user) -> str:
    """The one bucket/key a user's uploads left, recorded and stored alike."""
    rows, objects = audio_of(user)
    assert rows == objects and len(rows) == 1, (rows, objects)
    return next(iter(rows))


def approve(user, horoscope_id) -> dict:
    """approve_horoscope as the user, through the functions' own database path."""
    with db.as_user({"sub": user.id, "role": "authenticated"}) as conn:
        return conn.execute("select public.approve_horoscope(%s)", (horoscope_id,)).fetchone()[0]


def test_a_monitor_ingests_one_sign_from_tiktok(call, make_user, tiktok, clip, audio_of, day,
                                                row, supabase_for, tmp_path):
    monitor = make_user("monitor")
    url = tiktok.add_video("7400000000000000001", clip)
    status, body = call("horoscopes_ingest", monitor, {"date": day, "sign": "aries", "url": url})
    assert status == 200, body
    assert [r["status"] for r in body["results"]] == ["pending"]
    saved = row("aries", day)
    assert saved["status"] == "pending" and saved["source_url"] == url
    assert str(saved["ingested_by"]) == monitor.id
    assert 2500 <= saved["duration_ms"] <= 3500
    # the page, then the video on the CDN host, both through the proxy
    assert [host for host, _ in tiktok.requests] == ["www.tiktok.com",
                                                     "v16-webapp-prime.tiktok.com"]
    bucket, key = stored_one(audio_of, monitor).split("/", 1)
    assert bucket == "horoscope-audio" and key.endswith(str(saved["media_id"]))
    audio = tmp_path / "stored.m4a"
    audio.write_bytes(supabase_for(monitor).storage.from_(bucket).download(key))
    streams = probe(audio)["streams"]
    assert [(s["codec_type"], s["codec_name"], s["channels"]) for s in streams] == [
        ("audio", "aac", 1)]
    assert abs(integrated_loudness(audio) - (-16)) <= 1.5


def test_all_twelve_signs_at_once(call, make_user, tiktok, clip, audio_of, day, row):
    admin = make_user("admin")
    sources = {sign: tiktok.add_video(f"74000000000000001{i:02d}", clip)
               for i, sign in enumerate(SIGNS)}
    status, body = call("horoscopes_ingest", admin, {"date": day, "sources": sources})
    assert status == 200, body
    assert {r["sign"]: r["status"] for r in body["results"]} == dict.fromkeys(SIGNS, "pending")
    assert all(row(sign, day)["status"] == "pending" for sign in SIGNS)
    rows, objects = audio_of(admin)
    assert rows == objects and len(rows) == 12


def test_reingesting_replaces_the_audio_and_resets_the_approval(call, make_user, tiktok, clip,
                                                                 audio_of, day, row):
    monitor = make_user("monitor")
    first = tiktok.add_video("7400000000000000201", clip)
    call("horoscopes_ingest", monitor, {"date": day, "sign": "leo", "url": first})
    old = row("leo", day)
    old_key = stored_one(audio_of, monitor)
    approve(monitor, old["id"])
    assert row("leo", day)["status"] == "approved"

    second = tiktok.add_video("7400000000000000202", clip)
    status, body = call("horoscopes_ingest", monitor, {"date": day, "sign": "leo", "url": second})
    assert status == 200, body
    new = row("leo", day)
    assert (new["status"], new["approved_at"], new["source_url"]) == ("pending", None, second)
    assert new["id"] == old["id"] and new["media_id"] != old["media_id"]
    new_key = stored_one(audio_of, monitor)  # the old audio's row and file are gone
    assert new_key != old_key and new_key.endswith(str(new["media_id"]))


def test_another_monitor_reingests_and_removes_the_first_ones_audio(call, make_user, tiktok,
                                                                     clip, audio_of, day):
    first, second = make_user("monitor"), make_user("monitor")
    call("horoscopes_ingest", first,
         {"date": day, "sign": "taurus", "url": tiktok.add_video("7400000000000000211", clip)})
    stored_one(audio_of, first)
    status, body = call("horoscopes_ingest", second, {
        "date": day, "sign": "taurus", "url": tiktok.add_video("7400000000000000212", clip)})
    assert status == 200, body
    assert audio_of(first) == (set(), set())
    stored_one(audio_of, second)


def test_a_plain_mp4_url_is_downloaded(call, make_user, tiktok, clip, audio_of,
                                                     day, row):
    monitor = make_user("monitor")
    tiktok.files["plain.mp4"] = clip
    status, body = call("horoscopes_ingest", monitor,
                        {"date": day, "sign": "virgo", "url": tiktok.file_url("plain.mp4")})
    assert status == 200, body
    assert body["results"][0]["status"] == "pending"
    assert row("virgo", day)["status"] == "pending"
    stored_one(audio_of, monitor)


def test_only_monitors_and_admins_ingest_and_nothing_is_downloaded_for_others(
        call, make_user, tiktok, clip, audio_of, day, row):
    url = tiktok.add_video("7400000000000000301", clip)
    for role in ("client", "reader"):
        user = make_user(role)
        status, body = call("horoscopes_ingest", user, {"date": day, "sign": "aries", "url": url})
        assert (status, body["code"]) == (403, "42501")
        assert audio_of(user) == (set(), set())
    assert tiktok.requests == []
    assert row("aries", day) is None


def test_bad_input_is_refused_with_its_code_before_any_download(call, make_user, tiktok,
                                                                audio_of, day):
    monitor = make_user("monitor")
    cases = [
        ({"date": day, "sign": "dragon", "url": "https://www.tiktok.com/@a/video/1"}, "ZHSGN"),
        ({"date": day, "sources": {}}, "ZHSGN"),
        ({"date": day, "sign": "leo", "url": "file:///etc/passwd"}, "ZHURL"),
        ({"sign": "leo", "url": "https://www.tiktok.com/@a/video/1"}, "ZHDAT"),
        ({"date": "2031-02-30", "sign": "leo", "url": "https://x.test/v"}, "ZHDAT"),
        ({"date": day}, "BADRQ"),
        ({"date": 20310101, "sign": "leo", "url": "https://x.test/v"}, "BADRQ"),
    ]
    for body, code in cases:
        status, answer = call("horoscopes_ingest", monitor, body)
        assert (status, answer["code"]) == (400, code), body
    assert tiktok.requests == [] and audio_of(monitor) == (set(), set())


def failed_cleanly(body, row, audio_of, user, sign, day, code):
    [result] = body["results"]
    assert result["status"] == "failed" and result["error"]["code"] == code
    assert result["error"]["message"]
    saved = row(sign, day)
    assert (saved["status"], saved["error_code"], saved["media_id"]) == ("failed", code, None)
    assert audio_of(user) == (set(), set())


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.mp4", "http://169.254.169.254/latest",
                                 "http://10.0.0.7/x.mp4", "http://[::1]/x.mp4",
                                 "http://localhost/x.mp4"])
def test_a_plain_url_on_a_private_address_is_refused_before_any_download(
        call, make_user, audio_of, day, row, url, monkeypatch):
    monkeypatch.setattr(video_fetch, "refuse_private_hosts", True)  # as in production
    monitor = make_user("monitor")
    status, body = call("horoscopes_ingest", monitor, {"date": day, "sign": "leo", "url": url})
    assert status == 200, body
    failed_cleanly(body, row, audio_of, monitor, "leo", day, horoscopes.DOWNLOAD_FAILED)
    assert "not on the public internet" in row("leo", day)["error_detail"]


@pytest.mark.parametrize("target", ["http://10.0.0.7/x.mp4", "http://169.254.169.254/latest",
                                    "file:///etc/passwd"])
def test_a_plain_url_that_redirects_off_the_public_internet_is_refused(
        call, make_user, tiktok, clip, audio_of, day, row, target, monkeypatch):
    """Every hop is checked, not only the first: here the fake's own loopback address counts as
    public (it is the 'public' host of this test), and its redirect leads to a private one."""
    monkeypatch.setattr(video_fetch, "refuse_private_hosts", True)
    monkeypatch.setattr(video_fetch, "is_public_address", lambda address: address == "127.0.0.1")
    tiktok.redirects["hop.mp4"] = target
    tiktok.files["inside.mp4"] = clip
    monitor = make_user("monitor")
    status, body = call("horoscopes_ingest", monitor,
                        {"date": day, "sign": "leo", "url": tiktok.file_url("hop.mp4")})
    assert status == 200, body
    failed_cleanly(body, row, audio_of, monitor, "leo", day, horoscopes.DOWNLOAD_FAILED)
    assert [path for _, path in tiktok.requests] == ["/files/hop.mp4"]


def test_a_redirect_loop_is_cut_short(call, make_user, tiktok, audio_of, day, row):
    tiktok.redirects["loop.mp4"] = tiktok.file_url("loop.mp4")
    monitor = make_user("monitor")
    status, body = call("horoscopes_ingest", monitor,
                        {"date": day, "sign": "leo", "url": tiktok.file_url("loop.mp4")})
    assert status == 200, body
    failed_cleanly(body, row, audio_of, monitor, "leo", day, horoscopes.DOWNLOAD_FAILED)
    assert "redirects" in row("leo", day)["error_detail"]
    assert len(tiktok.requests) == video_fetch.MAX_REDIRECTS + 1


def test_a_plain_url_follows_a_redirect_to_the_file(call, make_user, tiktok, clip, audio_of,
                                                    day, row):
    tiktok.redirects["moved.mp4"] = tiktok.file_url("plain.mp4")
    tiktok.files["plain.mp4"] = clip
    monitor = make_user("monitor")
    status, body = call("horoscopes_ingest", monitor,
                        {"date": day, "sign": "virgo", "url": tiktok.file_url("moved.mp4")})
    assert status == 200, body
    assert row("virgo", day)["status"] == "pending"
    stored_one(audio_of, monitor)


def test_a_missing_tiktok_page_fails_as_a_download_error(call, make_user, tiktok, clip,
                                                         audio_of, day, row):
    monitor = make_user("monitor")
    url = tiktok.add_video("7400000000000000401", clip)
    tiktok.page_faults["7400000000000000401"] = "404"
    status, body = call("horoscopes_ingest", monitor, {"date": day, "sign": "libra", "url": url})
    assert status == 200, body
    failed_cleanly(body, row, audio_of, monitor, "libra", day, horoscopes.DOWNLOAD_FAILED)
    assert "404" in row("libra", day)["error_detail"]


def test_broken_page_json_fails_as_a_download_error(call, make_user, tiktok, clip, audio_of,
                                                    day, row):
    monitor = make_user("monitor")
    url = tiktok.add_video("7400000000000000402", clip)
    tiktok.page_faults["7400000000000000402"] = "broken_json"
    status, body = call("horoscopes_ingest", monitor, {"date": day, "sign": "libra", "url": url})
    failed_cleanly(body, row, audio_of, monitor, "libra", day, horoscopes.DOWNLOAD_FAILED)


def test_a_video_that_is_not_media_fails_as_an_audio_error(call, make_user, tiktok, audio_of,
                                                           day, row):
    monitor = make_user("monitor")
    url = tiktok.add_video("7400000000000000403", b"this is not an mp4 at all\n" * 100)
    status, body = call("horoscopes_ingest", monitor,
                        {"date": day, "sign": "scorpio", "url": url})
    failed_cleanly(body, row, audio_of, monitor, "scorpio", day, horoscopes.AUDIO_FAILED)


def test_ffmpeg_failing_is_an_audio_error_and_keeps_no_old_file(call, make_user, tiktok, clip,
                                                                audio_of, day, row, monkeypatch):
    monitor = make_user("monitor")
    url = tiktok.add_video("7400000000000000404", clip)
    call("horoscopes_ingest", monitor, {"date": day, "sign": "pisces", "url": url})
    stored_one(audio_of, monitor)
    monkeypatch.setattr(horoscopes, "extract_speech_audio", failing_ffmpeg)
    status, body = call("horoscopes_ingest", monitor, {"date": day, "sign": "pisces", "url": url})
    assert status == 200, body
    failed_cleanly(body, row, audio_of, monitor, "pisces", day, horoscopes.AUDIO_FAILED)


def failing_ffmpeg(source: Path, target: Path, target_lufs: float) -> Path:
    """The real conversion with ffmpeg missing from the PATH."""
    from samia_functions import speech_audio

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", "/nonexistent")
        return speech_audio.extract_speech_audio(source, target, target_lufs)


def test_a_row_that_cannot_be_written_takes_its_file_with_it(call, make_user, tiktok, clip,
                                                             audio_of, day, row, monkeypatch):
    monitor = make_user("monitor")
    url = tiktok.add_video("7400000000000000405", clip)
    original = horoscopes._record

    def lose_the_database(caller, transition, *args):
        if transition == "ingest":  # the audio is stored; now the row's write fails
            raise ApiError(503, "PGRST001", "Database client error")
        return original(caller, transition, *args)

    monkeypatch.setattr(horoscopes, "_record", lose_the_database)
    status, body = call("horoscopes_ingest", monitor, {"date": day, "sign": "gemini", "url": url})
    assert (status, body["code"]) == (503, "PGRST001")
    assert row("gemini", day) is None
    assert audio_of(monitor) == (set(), set())
