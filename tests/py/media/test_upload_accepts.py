"""media_upload stores every accepted type, measured from its content, as the caller."""

from __future__ import annotations

import hashlib

import pytest
from storage3 import SyncStorageClient

from .conftest import AUDIO_FORMATS, image_bytes

EXPECTED_AUDIO = {
    "mp3": ("audio/mpeg", "mp3"),
    "m4a": ("audio/mp4", "aac"),
    "ogg": ("audio/ogg", "vorbis"),
    "wav": ("audio/x-wav", "pcm_s16le"),
}


@pytest.mark.parametrize("fmt", AUDIO_FORMATS)
def test_the_assigned_reader_uploads_each_audio_format(fmt, audio, order_in_progress, upload,
                                                        stored, api_url, anon_key) -> None:
    data = audio[fmt]
    # the declared type and the purpose's name say nothing about the content
    answer = upload(order_in_progress.reader, data, "order_result", order_in_progress.id,
                    **{"Content-Type": "application/octet-stream"})
    assert answer.status_code == 201, answer.text
    asset = answer.json()
    mime_type, codec = EXPECTED_AUDIO[fmt]
    assert (asset["kind"], asset["mime_type"]) == ("audio", mime_type)
    assert asset["details"]["codec"] == codec and asset["details"]["channels"] == 1
    assert 2900 <= asset["duration_ms"] <= 3100
    assert asset["byte_size"] == len(data)
    assert asset["sha256"] == hashlib.sha256(data).hexdigest()
    assert (asset["bucket"], asset["path"]) == (
        "order-results", f"{order_in_progress.id}/{asset['id']}")

    found = stored(order_in_progress.id)
    assert found["rows"] == [("order-results", asset["path"])]
    assert found["objects"] == [("order-results", asset["path"])]
    reader_storage = SyncStorageClient(
        f"{api_url}/storage/v1/",
        {"apikey": anon_key, "Authorization": f"Bearer {order_in_progress.reader.token}"})
    assert reader_storage.from_("order-results").download(asset["path"]) == data


@pytest.mark.parametrize(("fmt", "mime_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_the_client_uploads_a_photo_of_their_cup(fmt, mime_type, order_in_progress, upload,
                                                  stored) -> None:
    data = image_bytes(fmt)
    answer = upload(order_in_progress.client, data, "order_input", order_in_progress.id,
                    **{"Content-Type": "audio/mpeg"})
    assert answer.status_code == 201, answer.text
    asset = answer.json()
    assert (asset["kind"], asset["mime_type"], asset["bucket"]) == ("image", mime_type,
                                                                    "order-inputs")
    assert asset["details"]["width"] == 64 and asset["details"]["height"] == 48
    assert asset["duration_ms"] is None
    assert stored(order_in_progress.id)["objects"] == [("order-inputs", asset["path"])]
