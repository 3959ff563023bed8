"""media_url: a client fetches the delivered audio result of their own order, and nobody else's;
before delivery only the reader and staff may. Anyone refused gets a code, never a URL."""

from __future__ import annotations

import uuid

import httpx
import pytest

from .conftest import image_bytes, rpc


@pytest.fixture
def result_audio(order_in_progress, upload, audio) -> dict:
    answer = upload(order_in_progress.reader, audio["mp3"], "order_result", order_in_progress.id)
    assert answer.status_code == 201, answer.text
    return answer.json()


def signed(answer: httpx.Response) -> str:
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["expires_in"] == 15 * 60
    return body["signed_url"]


def refused(answer: httpx.Response, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["code"] == code and "signed_url" not in body


def test_the_result_opens_to_its_client_only_after_delivery(
        order_in_progress, result_audio, media_url, audio, supabase_for, make_user,
        make_client) -> None:
    order, media_id = order_in_progress, result_audio["id"]
    monitor, admin = make_user("monitor"), make_user("admin")
    other_client, other_reader = make_client(), make_user("reader")

    refused(media_url(order.client, media_id), 404, "MEDNF")
    assert httpx.get(signed(media_url(order.reader, media_id))).content == audio["mp3"]
    assert httpx.get(signed(media_url(monitor, media_id))).content == audio["mp3"]
    signed(media_url(admin, media_id))

    rpc(supabase_for(order.reader), "submit_order_result", p_order_id=order.id,
        p_output_media_id=media_id)
    refused(media_url(order.client, media_id), 404, "MEDNF")
    assert rpc(supabase_for(monitor), "approve_order", p_order_id=order.id)["status"] == \
        "delivered"

    download = httpx.get(signed(media_url(order.client, media_id)))
    assert download.status_code == 200 and download.content == audio["mp3"]
    assert download.headers["content-type"] == "audio/mpeg"

    refused(media_url(other_client, media_id), 404, "MEDNF")
    refused(media_url(other_reader, media_id), 404, "MEDNF")
    refused(media_url(None, media_id), 401, "AUTRQ")
    signed(media_url(order.reader, media_id))


def test_inputs_open_to_the_client_the_reader_and_staff(order_in_progress, upload, media_url,
                                                         make_user, make_client) -> None:
    order = order_in_progress
    answer = upload(order.client, image_bytes("PNG"), "order_input", order.id)
    assert answer.status_code == 201, answer.text
    media_id = answer.json()["id"]
    for allowed in (order.client, order.reader, make_user("monitor"), make_user("admin")):
        assert httpx.get(signed(media_url(allowed, media_id))).status_code == 200
    refused(media_url(make_client(), media_id), 404, "MEDNF")
    refused(media_url(make_user("reader"), media_id), 404, "MEDNF")


def test_bad_and_unknown_ids(order_in_progress, media_url) -> None:
    refused(media_url(order_in_progress.client, "not-a-uuid"), 400, "BADRQ")
    refused(media_url(order_in_progress.client, str(uuid.uuid4())), 404, "MEDNF")
