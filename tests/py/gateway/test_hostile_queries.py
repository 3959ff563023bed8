"""Query strings, headers and bodies built to break the gateway's parser or its error answers:
each gets a 4xx with a code (or is served), never a 500."""

from __future__ import annotations

import httpx
import pytest

from samia_cli.gateway.grammar import MAX_JSON_PATH, MAX_LOGIC_DEPTH

from .conftest import mint

RPC = "/rest/v1/rpc"
HUGE = "9" * 5000  # past Python's 4300-digit limit on reading an int


def nested_or(depth: int) -> str:
    return "(" + "or(" * (depth - 1) + "i.eq.1" + ")" * depth


def assert_error(r: httpx.Response, status: int, code: str) -> dict:
    assert r.headers["content-type"].startswith("application/json"), r.text[:200]
    body = r.json()
    assert (r.status_code, body["code"]) == (status, code), body
    return body


def test_logic_trees_as_deep_as_allowed_are_served(http: httpx.Client):
    r = http.get(f"{RPC}/gw_series", params={"n": 3, "or": nested_or(MAX_LOGIC_DEPTH)})
    assert (r.status_code, r.json()) == (200, [{"i": 1, "label": "n1"}])


@pytest.mark.parametrize("depth", [MAX_LOGIC_DEPTH + 1, 2000])
def test_deeper_logic_trees_are_a_parse_error(http: httpx.Client, depth: int):
    r = http.get(f"{RPC}/gw_series", params={"n": 3, "or": nested_or(depth)})
    body = assert_error(r, 400, "PGRST100")
    assert f"at most {MAX_LOGIC_DEPTH} nested logic operators" in body["details"]


def test_json_paths_longer_than_allowed_are_a_parse_error(http: httpx.Client):
    ok = http.get(f"{RPC}/gw_things", params={"id": "eq.1",
                                                "select": "data" + "->a" * MAX_JSON_PATH})
    assert (ok.status_code, ok.json()) == (200, [{"a": None}])
    r = http.get(f"{RPC}/gw_things", params={"select": "data" + "->a" * 5000})
    body = assert_error(r, 400, "PGRST100")
    assert f"at most {MAX_JSON_PATH} JSON path steps" in body["details"]


@pytest.mark.parametrize(("params", "headers"), [
    ({"limit": HUGE}, {}),
    ({}, {"Range": f"0-{HUGE}"}),
    ({}, {"Prefer": f"handling=strict, max-affected={HUGE}"}),
], ids=["limit", "range", "max-affected"])
def test_numbers_with_thousands_of_digits_are_only_large(http: httpx.Client, params, headers):
    r = http.get(f"{RPC}/gw_series", params={"n": 3, **params}, headers=headers)
    assert r.status_code == 200, r.text[:200]
    assert len(r.json()) == 3


@pytest.mark.parametrize(("params", "headers"), [
    ({"offset": HUGE}, {}),
    ({}, {"Range": f"{HUGE}-"}),
], ids=["offset", "range-start"])
def test_offsets_past_bigint_are_out_of_range(http: httpx.Client, params, headers):
    r = http.get(f"{RPC}/gw_series", params={"n": 3, **params}, headers=headers)
    assert_error(r, 400, "22003")


def test_a_lone_surrogate_key_is_escaped_in_the_error(http: httpx.Client):
    """The key reaches the 404's message; it cannot be UTF-8, so it stays a JSON escape."""
    r = http.post(f"{RPC}/gw_text_named", content=b'{"p_text": "x", "\\udc00": 1}',
                  headers={"Content-Type": "application/json"})
    body = assert_error(r, 404, "PGRST202")
    assert "\udc00" in body["message"]


def test_a_token_whose_exp_is_nan_is_refused(http: httpx.Client):
    """NaN compares false with every time: unchecked, such a token never expires."""
    token = mint(exp=float("nan"))
    r = http.get(f"{RPC}/gw_whoami", headers={"Authorization": f"Bearer {token}"})
    assert assert_error(r, 401, "PGRST303")["message"] == "Parsing claims failed"

