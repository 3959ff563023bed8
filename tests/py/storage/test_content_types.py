"""A stored mime type is one well-formed `type/subtype`: a comma list such as
`image/png, text/html` would pass an `image/*` bucket yet be read by browsers as its last
entry, HTML, when the object is served."""

from __future__ import annotations

import pytest


@pytest.fixture
def images(buckets):
    made = buckets(allowed_mime_types=["image/*"])
    buckets.allow(made, "insert", "true")
    buckets.allow(made, "select", "true")
    return made


@pytest.mark.parametrize("content_type", [
    "image/png, text/html", "image/x,text/html", "image/png;x=y, text/html", "image",
    "image/../text/html", "IMAGE/PNG",
])
def test_a_malformed_or_listed_type_is_invalid_mime_type(images, buckets, make_user, http,
                                                         content_type):
    response = http("POST", f"/object/{images}/a.png", token=make_user().token, content=b"x",
                    headers={"content-type": content_type})
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidMimeType", response.text
    assert buckets.objects(images) == []


def test_the_multipart_content_type_field_is_checked_the_same_way(images, make_user, http):
    response = http("POST", f"/object/{images}/a.png", token=make_user().token,
                    files={"file": ("a.png", b"x", "image/png")},
                    data={"contentType": "image/png, text/html"})
    assert response.json()["code"] == "InvalidMimeType", response.text


def test_a_bucket_without_a_list_also_refuses_a_comma_list(buckets, make_user, http):
    bucket = buckets()
    buckets.allow(bucket, "insert", "true")
    response = http("POST", f"/object/{bucket}/a.txt", token=make_user().token, content=b"x",
                    headers={"content-type": "text/plain, text/html"})
    assert response.json()["code"] == "InvalidMimeType", response.text


def test_parameters_stay_allowed_and_are_served_as_stored(images, make_user, http,
                                                          storage_for):
    user = make_user()
    response = http("POST", f"/object/{images}/a.png", token=user.token, content=b"x",
                    headers={"content-type": 'image/png; name="a,b"'})
    assert response.status_code == 200, response.text
    served = http("GET", f"/object/{images}/a.png", token=user.token)
    assert served.headers["content-type"] == 'image/png; name="a,b"'
    # the Python client's default type, with its charset parameter
    storage_for(user).from_(images).upload("b.png", b"x", {"content-type": "image/png"})
