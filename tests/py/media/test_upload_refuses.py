"""media_upload refuses every bad file and every caller who may not upload, and then leaves
neither a row nor a file behind."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import ffmpeg_sine, image_bytes


def refused(answer, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code, answer.text


def nothing_stored(stored, order_id: str) -> None:
    assert stored(order_id) == {"rows": [], "objects": [], "files": []}


def test_wrong_magic_bytes(order_in_progress, upload, stored) -> None:
    text = b"this is not a recording, whatever its declared type says " * 40
    refused(upload(order_in_progress.reader, text, "order_result", order_in_progress.id,
                   **{"Content-Type": "audio/mpeg"}), 400, "MEDTY")
    refused(upload(order_in_progress.reader, os.urandom(4096), "order_result",
                   order_in_progress.id), 400, "MEDTY")
    # magic bytes of an mp3 in front of anything else: it claims a type it cannot play as
    refused(upload(order_in_progress.reader, b"ID3" + text, "order_result",
                   order_in_progress.id), 400, "MEDBD")
    nothing_stored(stored, order_in_progress.id)


def test_a_type_the_purpose_does_not_take(order_in_progress, upload, stored, audio) -> None:
    refused(upload(order_in_progress.reader, image_bytes("PNG"), "order_result",
                   order_in_progress.id), 400, "MEDTY")
    refused(upload(order_in_progress.client, audio["mp3"], "order_input", order_in_progress.id),
            400, "MEDTY")
    refused(upload(order_in_progress.client, image_bytes("GIF"), "order_input",
                   order_in_progress.id), 400, "MEDTY")
    nothing_stored(stored, order_in_progress.id)


def test_too_long(order_in_progress, upload, stored, tmp_path: Path) -> None:
    # 31 minutes at a tiny bit rate: small enough, too long. One minute is encoded and its
    # frames repeated (-c copy), which is a valid mp3 and takes a fraction of encoding it all.
    ffmpeg_sine(tmp_path / "minute.mp3", 60, "-ac", "1", "-ar", "8000", "-b:a", "8k")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-stream_loop", "30", "-i",
                    str(tmp_path / "minute.mp3"), "-c", "copy", str(tmp_path / "long.mp3")],
                   check=True)
    data = (tmp_path / "long.mp3").read_bytes()
    answer = upload(order_in_progress.reader, data, "order_result", order_in_progress.id)
    refused(answer, 400, "MEDDU")
    assert json.loads(answer.json()["details"])["max_duration_ms"] == 30 * 60 * 1000
    nothing_stored(stored, order_in_progress.id)


def test_too_big_and_too_small(order_in_progress, upload, stored, tmp_path: Path) -> None:
    from PIL import Image

    noise = Image.frombytes("RGB", (2000, 2000), os.urandom(2000 * 2000 * 3))
    noise.save(tmp_path / "noise.png", compress_level=0)  # noise never compresses: skip trying
    big = (tmp_path / "noise.png").read_bytes()
    assert len(big) > 10 * 1024 * 1024
    answer = upload(order_in_progress.client, big, "order_input", order_in_progress.id)
    refused(answer, 400, "MEDSZ")
    assert json.loads(answer.json()["details"])["max_bytes"] == 10 * 1024 * 1024

    tiny = ffmpeg_sine(tmp_path / "tiny.mp3", 0.05, "-ac", "1", "-ar", "8000", "-b:a", "8k")
    assert len(tiny) < 1024
    refused(upload(order_in_progress.reader, tiny, "order_result", order_in_progress.id),
            400, "MEDSZ")
    nothing_stored(stored, order_in_progress.id)


@pytest.mark.parametrize("fmt", ["mp3", "m4a", "ogg", "wav"])
def test_truncated_recordings(fmt, audio, order_in_progress, upload, stored) -> None:
    data = audio[fmt]
    refused(upload(order_in_progress.reader, data[: len(data) // 2], "order_result",
                   order_in_progress.id), 400, "MEDBD")
    nothing_stored(stored, order_in_progress.id)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_images(fmt, order_in_progress, upload, stored) -> None:
    data = image_bytes(fmt, (300, 200))
    refused(upload(order_in_progress.client, data[: len(data) // 2], "order_input",
                   order_in_progress.id), 400, "MEDBD")
    nothing_stored(stored, order_in_progress.id)


def test_empty_body_and_bad_parameters(order_in_progress, upload, stored, audio) -> None:
    reader, order_id = order_in_progress.reader, order_in_progress.id
    refused(upload(reader, b"", "order_result", order_id), 400, "BADRQ")
    refused(upload(reader, audio["mp3"], "", order_id), 400, "BADRQ")
    refused(upload(reader, audio["mp3"], "order_result", "not-a-uuid"), 400, "BADRQ")
    refused(upload(reader, audio["mp3"], "cover_art", order_id), 400, "MEDUS")
    refused(upload(reader, audio["mp3"], "order_result"), 400, "MEDOR")
    nothing_stored(stored, order_id)


def test_callers_who_may_not_upload(order_in_progress, upload, stored, audio, make_user,
                                    make_client) -> None:
    order_id, photo = order_in_progress.id, image_bytes("PNG")
    refused(upload(None, audio["mp3"], "order_result", order_id), 401, "AUTRQ")
    refused(upload(make_user("reader"), audio["mp3"], "order_result", order_id), 403, "42501")
    refused(upload(make_user("monitor"), audio["mp3"], "order_result", order_id), 403, "42501")
    refused(upload(order_in_progress.client, audio["mp3"], "order_result", order_id),
            403, "42501")
    refused(upload(make_client(), photo, "order_input", order_id), 403, "42501")
    refused(upload(order_in_progress.reader, photo, "order_input", order_id), 403, "42501")
    nothing_stored(stored, order_id)


def test_the_upload_body_limit_is_its_own(order_in_progress, upload, stored, audio,
                                          media_env) -> None:
    # MEDIA_UPLOAD_MAX_BYTES, not REQUEST_BODY_MAX_BYTES (1 MiB), bounds an upload's body...
    big = audio["wav"] * 5  # five WAVs end to end: not an image, and the size is the point
    media_env.setenv("REQUEST_BODY_MAX_BYTES", str(len(big) // 2))
    refused(upload(order_in_progress.client, big, "order_input", order_in_progress.id),
            400, "MEDTY")
    # ...and past it the transport refuses before anything is measured or recorded
    media_env.setenv("MEDIA_UPLOAD_MAX_BYTES", "1000")
    answer = upload(order_in_progress.reader, audio["mp3"], "order_result", order_in_progress.id)
    refused(answer, 413, "RQTLG")
    assert answer.json()["details"] == {"max_bytes": 1000}
    nothing_stored(stored, order_in_progress.id)
