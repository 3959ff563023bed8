"""Buckets: RLS on storage.buckets with no policy, so users see none and the service role
manages them; the Python client's bucket calls work unchanged."""

from __future__ import annotations

import uuid

import pytest
from storage3.exceptions import StorageApiError

from .conftest import OWN_ROWS


@pytest.fixture
def service(supabase_for, api_url, service_key):
    from supabase import create_client

    return create_client(api_url, service_key).storage


def test_users_see_no_bucket_and_the_service_role_sees_them_all(buckets, make_user,
                                                                storage_for, service):
    bucket = buckets(public=True, file_size_limit=1024, allowed_mime_types=["image/*"])
    assert storage_for(make_user()).list_buckets() == []
    listed = {b.id: b for b in service.list_buckets()}
    assert listed[bucket].type == "STANDARD" and listed[bucket].public is True
    assert listed[bucket].owner == ""
    got = service.get_bucket(bucket)
    assert got.file_size_limit == 1024 and got.allowed_mime_types == ["image/*"]
    with pytest.raises(StorageApiError) as hidden:
        storage_for(make_user()).get_bucket(bucket)
    assert hidden.value.status == "404" and hidden.value.code == "Bucket not found"


def test_the_service_role_creates_updates_and_deletes_buckets(service, buckets, make_user,
                                                              storage_for):
    bucket = f"t-{uuid.uuid4().hex[:12]}"
    buckets.ids.append(bucket)  # cleaned up even if the test fails half-way
    assert service.create_bucket(bucket, options={"public": False,
                                                  "file_size_limit": "1KB"}) == {"name": bucket}
    assert service.get_bucket(bucket).file_size_limit == 1024
    with pytest.raises(StorageApiError) as duplicate:
        service.create_bucket(bucket)
    assert duplicate.value.status == "409"
    assert service.update_bucket(bucket, {"public": True, "allowed_mime_types": ["text/*"]}) \
        == {"message": "Successfully updated"}
    assert service.get_bucket(bucket).public is True
    with pytest.raises(StorageApiError) as user_create:
        storage_for(make_user()).create_bucket(f"t-{uuid.uuid4().hex[:12]}")
    assert user_create.value.status == "403"
    with pytest.raises(StorageApiError) as bad_name:
        service.create_bucket("a/b")
    assert bad_name.value.status == "400" and bad_name.value.code == "Invalid Input"
    assert service.delete_bucket(bucket) == {"message": "Successfully deleted"}
    with pytest.raises(StorageApiError) as gone:
        service.get_bucket(bucket)
    assert gone.value.status == "404"


def test_a_bucket_with_objects_is_not_deleted_until_emptied(service, buckets, make_user,
                                                            storage_for, storage_dir):
    user = make_user()
    bucket = buckets()
    buckets.allow(bucket, "insert", OWN_ROWS)
    storage_for(user).from_(bucket).upload("a.txt", b"x")
    with pytest.raises(StorageApiError) as not_empty:
        service.delete_bucket(bucket)
    assert not_empty.value.status == "409"
    assert not_empty.value.message == "The bucket you tried to delete is not empty"
    with pytest.raises(StorageApiError) as user_empty:
        storage_for(user).empty_bucket(bucket)
    assert user_empty.value.status == "403"
    service.empty_bucket(bucket)
    assert buckets.objects(bucket) == []
    assert not any(path.is_file() for path in (storage_dir / bucket).rglob("*"))
    assert service.delete_bucket(bucket) == {"message": "Successfully deleted"}
