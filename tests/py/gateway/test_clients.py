"""The real supabase-py and postgrest-py clients work unchanged against the gateway."""

from __future__ import annotations

import pytest
from postgrest import SyncPostgrestClient
from postgrest.exceptions import APIError
from supabase import ClientOptions, create_client

from .conftest import USER_ID


@pytest.fixture
def anon_client(gw_url, anon_key):
    return create_client(gw_url, anon_key)


def test_supabase_rpc_as_anon(anon_client):
    assert anon_client.rpc("gw_add", {"a": 2, "b": 3}).execute().data == 5
    assert anon_client.rpc("gw_whoami", {}).execute().data["role"] == "anon"


def test_supabase_rpc_with_a_user_token_in_client_options(gw_url, anon_key, user_token):
    client = create_client(gw_url, anon_key, options=ClientOptions(
        headers={"Authorization": f"Bearer {user_token}"}))
    me = client.rpc("gw_whoami", {}).execute().data
    assert (me["role"], me["uid"]) == ("authenticated", USER_ID)


def test_supabase_postgrest_auth(anon_client, user_token):
    anon_client.postgrest.auth(user_token)
    assert anon_client.rpc("gw_whoami", {}).execute().data["uid"] == USER_ID


def test_supabase_rpc_get_and_filters(anon_client):
    assert anon_client.rpc("gw_add", {"a": 1, "b": 1}, get=True).execute().data == 2
    rows = (anon_client.rpc("gw_series", {"n": 5}).gt("i", 2).order("i", desc=True)
            .limit(2).execute().data)
    assert rows == [{"i": 5, "label": "n5"}, {"i": 4, "label": "n4"}]


def test_supabase_rpc_count_single_and_void(anon_client):
    response = anon_client.rpc("gw_series", {"n": 4}, count="exact").execute()
    assert (len(response.data), response.count) == (4, 4)
    one = anon_client.rpc("gw_series", {"n": 1}).single().execute()
    assert one.data == {"i": 1, "label": "n1"}
    assert not anon_client.rpc("gw_void", {}).execute().data


def test_supabase_errors_carry_the_code(anon_client):
    with pytest.raises(APIError) as raised:
        anon_client.rpc("gw_refuse", {}).execute()
    assert (raised.value.code, raised.value.message) == ("P0001", "I refuse!")
    assert raised.value.hint == "Try another day"
    with pytest.raises(APIError) as raised:
        anon_client.rpc("gw_members_only", {}).execute()
    assert raised.value.code == "42501"
    with pytest.raises(APIError) as raised:
        anon_client.rpc("gw_series", {"n": 2}).single().execute()
    assert raised.value.code == "PGRST116"


def test_postgrest_client(gw_url, anon_key, user_token):
    headers = {"apikey": anon_key, "Authorization": f"Bearer {user_token}"}
    with SyncPostgrestClient(f"{gw_url}/rest/v1", headers=headers) as client:
        assert client.rpc("gw_whoami", {}).execute().data["uid"] == USER_ID
        assert client.rpc("gw_variadic", {"v": [1, 2, 3]}, get=True).execute().data == 6
        with pytest.raises(APIError) as raised:
            client.rpc("gw_overload", {"a": 1}).execute()
        assert raised.value.code == "PGRST203"
        other = client.schema("gw_other")
        assert other.rpc("gw_where", {}).execute().data.startswith('other:"gw_other"')
