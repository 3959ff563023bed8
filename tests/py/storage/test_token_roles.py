"""A token (signed with the project's secret) whose `role` the service cannot take on behalf
of a caller is AccessDenied. `none` and the service's own login role would otherwise leave
supabase_storage_admin in charge, the tables' owner, whom RLS does not restrict."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest


@pytest.mark.parametrize("role", ["none", "supabase_storage_admin", "authenticator", "postgres",
                                  "pg_read_server_files", "NONE"])
def test_roles_outside_the_callers_are_access_denied(buckets, http, jwt_secret, role):
    bucket = buckets()  # no policy: no caller sees its row
    buckets.insert_object(bucket, "secret.txt")
    token = jwt.encode({"role": role, "sub": str(uuid.uuid4()), "exp": int(time.time()) + 60},
                       jwt_secret, algorithm="HS256")
    for response in (http("POST", f"/object/list/{bucket}", token=token, json={"prefix": ""}),
                     http("GET", f"/object/info/authenticated/{bucket}/secret.txt", token=token),
                     http("DELETE", f"/object/{bucket}", token=token,
                          json={"prefixes": ["secret.txt"]})):
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "AccessDenied", response.text
    assert [row["name"] for row in buckets.objects(bucket)] == ["secret.txt"]
