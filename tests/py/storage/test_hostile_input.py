"""Input PostgreSQL cannot take (NUL characters, lone surrogates, JSON nested past Python's
limit, numbers outside the column types) is InvalidRequest and changes nothing: never a 500."""

from __future__ import annotations

import base64
import uuid

import pytest

from .conftest import chunked, files_under

NUL = "a\u0000b"
NESTED = b"[" * 100_000


def refused(response, code: str = "InvalidRequest") -> None:
    assert response.status_code == 400, response.text
    assert response.json()["code"] == code, response.text


@pytest.mark.parametrize("body", [
    {"prefix": NUL},
    {"prefix": "", "search": NUL},
    {"prefix": "", "limit": 2**31},
    {"prefix": "", "limit": 10**30},
    {"prefix": "", "offset": 2**40},
    {"prefix": "", "offset": -1},
])
def test_list_refuses_what_storage_search_cannot_take(open_bucket, make_user, http, body):
    refused(http("POST", f"/object/list/{open_bucket}", token=make_user().token, json=body))


def test_a_lone_surrogate_escape_and_deep_nesting_are_bad_json(open_bucket, make_user, http):
    token = make_user().token
    headers = {"content-type": "application/json"}
    refused(http("POST", f"/object/list/{open_bucket}", token=token, headers=headers,
                 content=b'{"prefix": "\\ud800"}'))
    refused(http("POST", f"/object/list/{open_bucket}", token=token, headers=headers,
                 content=NESTED))


def test_other_json_bodies_refuse_nul_characters(open_bucket, make_user, http):
    token = make_user().token
    http("POST", f"/object/{open_bucket}/x.txt", token=token, content=b"x")
    refused(http("DELETE", f"/object/{open_bucket}", token=token, json={"prefixes": [NUL]}))
    refused(http("POST", f"/object/sign/{open_bucket}", token=token,
                 json={"expiresIn": 60, "paths": [NUL]}))
    refused(http("POST", "/object/move", token=token,
                 json={"bucketId": open_bucket + "\u0000", "sourceKey": "x.txt",
                       "destinationKey": "y.txt"}))
    refused(http("POST", "/object/copy", token=token,
                 json={"bucketId": open_bucket, "sourceKey": "x.txt", "destinationKey": "c.txt",
                       "copyMetadata": False, "metadata": {"k": NUL}}))


@pytest.mark.parametrize("metadata", [["a"], "a", 1])
def test_copy_metadata_must_be_an_object(open_bucket, buckets, make_user, http, metadata):
    token = make_user().token
    http("POST", f"/object/{open_bucket}/x.txt", token=token, content=b"x")
    refused(http("POST", "/object/copy", token=token,
                 json={"bucketId": open_bucket, "sourceKey": "x.txt", "destinationKey": "c.txt",
                       "copyMetadata": False, "metadata": metadata}))
    assert [row["name"] for row in buckets.objects(open_bucket)] == ["x.txt"]


def test_user_metadata_with_a_nul_character_is_refused_and_nothing_is_kept(
        open_bucket, buckets, make_user, http, storage_dir):
    token = make_user().token
    metadata = base64.b64encode(b'{"k": "\\u0000"}').decode()
    refused(http("POST", f"/object/{open_bucket}/h.txt", token=token, content=b"x",
                 headers={"x-metadata": metadata}))
    refused(http("POST", f"/object/{open_bucket}/f.txt", token=token,
                 files={"file": ("f.txt", b"x", "text/plain")},
                 data={"metadata": '{"k": "\\u0000"}'}))
    refused(http("POST", f"/object/{open_bucket}/d.txt", token=token,
                 files={"file": ("d.txt", b"x", "text/plain")},
                 data={"metadata": "[" * 100_000}))
    assert buckets.objects(open_bucket) == []
    assert files_under(storage_dir / open_bucket) == [] and files_under(storage_dir / ".tmp") == []


def test_a_cache_control_field_that_is_not_seconds_is_refused(open_bucket, make_user, http):
    """It would be a Cache-Control header on each download (newlines make those fail)."""
    refused(http("POST", f"/object/{open_bucket}/c.txt", token=make_user().token,
                 files={"file": ("c.txt", b"x", "text/plain")},
                 data={"cacheControl": "60\r\nSet-Cookie: a=b"}))


@pytest.mark.parametrize("query", ["search=%00", "offset=-1", "limit=-1",
                                   "limit=99999999999999999999999"])
def test_bucket_listing_refuses_bad_query_values(http, service_key, query):
    refused(http("GET", f"/bucket?{query}", token=service_key))


@pytest.mark.parametrize("size", [10**30, "99999999999999TB"])
def test_a_bucket_size_limit_past_bigint_is_refused(http, service_key, size):
    refused(http("POST", "/bucket", token=service_key,
                 json={"name": f"h-{uuid.uuid4().hex[:8]}", "file_size_limit": size}))


@pytest.mark.parametrize("public", ["false", "no", 0, None])
def test_public_must_be_a_boolean_so_false_never_publishes(http, service_key, buckets, public):
    name = f"p-{uuid.uuid4().hex[:8]}"
    buckets.ids.append(name)  # removed afterwards if it was made
    response = http("POST", "/bucket", token=service_key, json={"name": name, "public": public})
    if public == "false":
        assert response.status_code == 200, response.text
        assert http("GET", f"/bucket/{name}", token=service_key).json()["public"] is False
    else:
        refused(response)
    existing = buckets()
    refused(http("PUT", f"/bucket/{existing}", token=service_key, json={"public": "yes"}))


def test_expires_in_past_a_representable_date_is_refused(open_bucket, make_user, http):
    token = make_user().token
    http("POST", f"/object/{open_bucket}/s.txt", token=token, content=b"x")
    refused(http("POST", f"/object/sign/{open_bucket}/s.txt", token=token,
                 json={"expiresIn": 10**15}))


def test_errors_do_not_echo_a_long_input_back(open_bucket, make_user, http):
    token = make_user().token
    key = "%C3%A9" * 5000
    response = http("POST", f"/object/{open_bucket}/{key}", token=token, content=b"x")
    refused(response, "InvalidKey")
    assert len(response.text) < 1000
    route = http("GET", "/nowhere/" + "a" * 20000, token=token)
    assert route.status_code == 404 and len(route.text) < 1000


def test_a_json_body_past_one_mebibyte_is_too_large(open_bucket, make_user, http):
    response = http("DELETE", f"/object/{open_bucket}", token=make_user().token,
                    content=chunked(b'{"prefixes": ["', b'"]}'),
                    headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()["statusCode"] == "413"
