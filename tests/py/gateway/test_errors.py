"""Errors: SQLSTATE → HTTP, PostgREST's own codes, custom raises."""

from __future__ import annotations

import uuid

import pytest

from samia_functions.postgrest.errors import status_for_sqlstate

from .conftest import mint

RPC = "/rest/v1/rpc"


def test_p0001_is_400_with_message_details_and_hint(http):
    r = http.post(f"{RPC}/gw_refuse")
    assert r.status_code == 400
    assert r.json() == {"code": "P0001", "message": "I refuse!",
                        "details": "Because it is a test", "hint": "Try another day"}
    assert r.headers["proxy-status"] == "PostgREST; error=P0001"
    assert r.headers["content-type"] == "application/json; charset=utf-8"


def test_missing_grant_is_401_for_anon_and_403_for_signed_in_roles(http, user_token):
    r = http.post(f"{RPC}/gw_members_only")
    assert (r.status_code, r.json()["code"]) == (401, "42501")
    assert r.headers["www-authenticate"] == "Bearer"
    auth = {"Authorization": f"Bearer {user_token}"}
    assert http.post(f"{RPC}/gw_members_only", headers=auth).json() == "welcome"
    r = http.post(f"{RPC}/gw_service_only", headers=auth)
    assert (r.status_code, r.json()["code"]) == (403, "42501")
    service = {"Authorization": f"Bearer {mint('service_role')}"}
    assert http.post(f"{RPC}/gw_service_only", headers=service).json() == "service"


def test_write_through_get_is_25006_and_405(http):
    r = http.get(f"{RPC}/gw_insert_item", params={"p_name": f"get-{uuid.uuid4()}"})
    assert (r.status_code, r.json()["code"]) == (405, "25006")


def test_unique_violation_is_409(http):
    name = f"dup-{uuid.uuid4()}"
    assert http.post(f"{RPC}/gw_insert_item", json={"p_name": name}).status_code == 200
    r = http.post(f"{RPC}/gw_insert_item", json={"p_name": name})
    assert (r.status_code, r.json()["code"]) == (409, "23505")


def test_error_rolls_back_earlier_writes(http):
    name = f"failed-{uuid.uuid4()}"
    assert http.post(f"{RPC}/gw_insert_then_fail", json={"p_name": name}).status_code == 400
    assert http.post(f"{RPC}/gw_count_items", json={"p_prefix": name}).json() == 0


def test_ptxyz_sets_the_status_and_reason_phrase(http):
    r = http.post(f"{RPC}/gw_pt403")
    assert r.status_code == 403
    assert r.reason_phrase == "Forbidden here"
    assert r.json() == {"code": "PT403", "message": "Forbidden here", "details": None,
                        "hint": None}


def test_raise_pgrst_json_controls_body_status_and_headers(http):
    r = http.post(f"{RPC}/gw_pgrst_raise")
    assert r.status_code == 402
    assert r.headers["x-powered-by"] == "Nerd Rage"
    assert r.json() == {"code": "123", "message": "Payment Required",
                        "details": "Quota exceeded", "hint": "Upgrade your plan"}


def test_bad_argument_value_is_400(http):
    r = http.post(f"{RPC}/gw_add", json={"a": "one", "b": 2})
    assert (r.status_code, r.json()["code"]) == (400, "22P02")


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_other_verbs_are_pgrst101(http, method):
    r = http.request(method, f"{RPC}/gw_add", json={"a": 1, "b": 1})
    assert r.status_code == 405
    assert r.json() == {"code": "PGRST101", "message": f"Cannot use the {method} method on RPC",
                        "details": None, "hint": None}


def test_malformed_json_is_pgrst102(http):
    r = http.post(f"{RPC}/gw_add", content=b'{"a": 1,',
                  headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert (r.json()["code"], r.json()["message"]) == ("PGRST102", "Empty or invalid json")


@pytest.mark.parametrize(("sqlstate", "message", "authed", "status"), [
    ("08006", "", True, 503), ("0L000", "", True, 403), ("23503", "", True, 409),
    ("25001", "", True, 500), ("28P01", "", True, 403), ("40001", "", True, 500),
    ("53400", "", True, 500), ("53300", "", True, 503), ("57P01", "", True, 503),
    ("57014", "", True, 500), ("P0002", "", True, 500), ("42883", "function f() does not "
     "exist", True, 404), ("42883", "function xmlagg(x) does not exist", True, 406),
    ("42P01", "", True, 404), ("42P17", "", True, 500), ("22023", 'role "x" does not exist',
     True, 401), ("22023", "bad value", True, 400), ("21000", "DELETE requires a WHERE clause",
     True, 400), ("21000", "more than one row", True, 500), ("PT418", "teapot", True, 418),
    ("PTabc", "", True, 500), ("23502", "", True, 400), ("42501", "", False, 401),
])
def test_sqlstate_table(sqlstate, message, authed, status):
    assert status_for_sqlstate(sqlstate, message, authed) == status
