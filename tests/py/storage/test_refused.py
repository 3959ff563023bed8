"""What the local service does not implement answers NotSupported (HTTP 400, statusCode "501"),
never a 500 or an HTML page; an unknown route is a 404 with a JSON body."""

from __future__ import annotations

import pytest
from storage3.exceptions import StorageApiError


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/render/image/authenticated/b/a.png?width=10"),
    ("GET", "/render/image/public/b/a.png"),
    ("POST", "/render/image/sign/b/a.png"),
    ("POST", "/upload/resumable"),
    ("PATCH", "/upload/resumable/some-id"),
    ("GET", "/s3/b?list-type=2"),
    ("POST", "/object/list-v2/b"),
    ("GET", "/iceberg/bucket"),
    ("POST", "/vector/ListVectorBuckets"),
])
def test_unimplemented_features_are_not_supported(http, make_user, method, path):
    response = http(method, path, token=make_user().token, json={})
    assert response.status_code == 400
    assert response.json()["statusCode"] == "501" and response.json()["code"] == "NotSupported"


def test_the_python_client_reports_transforms_as_not_supported(buckets, make_user,
                                                               storage_for):
    with pytest.raises(StorageApiError) as transform:
        storage_for(make_user()).from_(buckets()).download("a.png",
                                                           {"transform": {"width": 10}})
    assert transform.value.status == "501"


def test_an_unknown_route_is_a_json_404(http):
    response = http("PATCH", "/object/b/a.txt")
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"
