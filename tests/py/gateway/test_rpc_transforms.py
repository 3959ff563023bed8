"""Transforms and representation of an RPC's result, on the wire: select with JSON paths, casts
and aliases; order with nulls placement; limit, offset and the 416 past the end; counts and
HEAD; CSV; singular objects; explain; Prefer handling (strict, max-affected, timezone)."""

from __future__ import annotations

import uuid

import pytest

RPC = "/rest/v1/rpc"
THINGS = f"{RPC}/gw_things"
SINGULAR = {"Accept": "application/vnd.pgrst.object+json"}


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()]


def test_select_with_json_paths_casts_and_aliases(http):
    r = http.get(f"{THINGS}?select=id,k:data->>k,data->n,first:data->arr->0,score::text,"
                 "label:name::varchar&id=eq.1")
    assert r.status_code == 200
    assert r.json() == [{"id": 1, "k": "a", "n": 1, "first": 1, "score": "10",
                         "label": "alpha"}]


def test_select_star_beside_columns(http):
    r = http.post(f"{THINGS}?select=a:id::text,*&id=eq.2")
    row = r.json()[0]
    assert (r.status_code, row["a"], row["id"], row["name"]) == (200, "2", 2, "beta")


def test_a_cast_to_an_unknown_type_is_postgresql_42704(http):
    r = http.post(f"{THINGS}?select=id::nosuchtype")
    assert r.status_code == 400
    assert r.json() == {"code": "42704", "message": 'type "nosuchtype" does not exist',
                        "details": None, "hint": None}
    r = http.post(f"{THINGS}?select=id::1 2")  # not even a type name: a syntax error
    assert (r.status_code, r.json()["code"]) == (400, "42601")


def test_casts_to_multi_word_and_aliased_type_names(http):
    r = http.get(f"{THINGS}?select=a:score::double precision,b:id::int,c:id::int8&id=eq.1")
    assert (r.status_code, r.json()) == (200, [{"a": 10.0, "b": 1, "c": 1}])


@pytest.mark.parametrize(("order", "expected"), [
    ("score.desc.nullsfirst", [3, 4, 2, 1]),
    ("score.desc.nullslast", [4, 2, 1, 3]),
    ("score.asc.nullsfirst", [3, 1, 2, 4]),
    ("score.nullslast", [1, 2, 4, 3]),
    ("note.asc.nullslast,id.desc", [2, 3, 4, 1]),
    ("data->>k.desc.nullsfirst", [4, 3, 2, 1]),
])
def test_order_with_nulls_placement(http, order, expected):
    r = http.get(f"{THINGS}?select=id&order={order}")
    assert (r.status_code, ids(r)) == (200, expected)


def test_limit_and_offset_page_the_rows_and_count_fills_content_range(http):
    r = http.post(f"{THINGS}?select=id&order=id&offset=1&limit=2",
                  headers={"Prefer": "count=exact"})
    assert (r.status_code, ids(r), r.headers["content-range"]) == (206, [2, 3], "1-2/4")
    r = http.post(f"{THINGS}?select=id&order=id&limit=0", headers={"Prefer": "count=exact"})
    assert (r.status_code, r.json(), r.headers["content-range"]) == (206, [], "*/4")


def test_range_past_the_end_with_a_count_is_416_pgrst103(http):
    r = http.post(f"{THINGS}?select=id&offset=10&limit=5", headers={"Prefer": "count=exact"})
    assert r.status_code == 416
    assert r.headers["content-range"] == "*/4"
    assert r.json() == {"code": "PGRST103", "message": "Requested range not satisfiable",
                        "details": "An offset of 10 was requested, but there are only 4 rows.",
                        "hint": None}


def test_range_past_the_end_without_a_count_is_an_empty_page(http):
    r = http.post(f"{THINGS}?select=id&offset=10")
    assert (r.status_code, r.json(), r.headers["content-range"]) == (200, [], "*/*")


def test_negative_limit_is_416_and_negative_offset_is_postgresql_2201x(http):
    r = http.post(f"{THINGS}?limit=-1")
    assert r.status_code == 416
    assert r.json()["code"] == "PGRST103"
    assert r.json()["details"] == "Limit should be greater than or equal to zero."
    r = http.post(f"{THINGS}?offset=-1")
    assert (r.status_code, r.json()["code"]) == (400, "2201X")


def test_the_416_keeps_what_a_volatile_call_did_as_postgrest_does(http):
    prefix = f"range-{uuid.uuid4().hex[:8]}-"
    r = http.post(f"{RPC}/gw_insert_two?offset=5", json={"p_prefix": prefix},
                  headers={"Prefer": "count=exact"})
    assert (r.status_code, r.json()["code"]) == (416, "PGRST103")
    assert http.post(f"{RPC}/gw_count_items", json={"p_prefix": prefix}).json() == 2


@pytest.mark.parametrize(("count", "total"), [("exact", "4"), ("estimated", "4"),
                                              ("planned", "*")])
def test_count_options(http, count, total):
    r = http.post(f"{THINGS}?select=id", headers={"Prefer": f"count={count}"})
    assert (r.status_code, r.headers["content-range"]) == (200, f"0-3/{total}")
    assert r.headers["preference-applied"] == f"count={count}"


def test_head_with_a_count_answers_only_headers(http):
    r = http.head(f"{THINGS}?id=gt.1", headers={"Prefer": "count=exact"})
    assert (r.status_code, r.content, r.headers["content-range"]) == (200, b"", "0-2/3")


def test_csv(http):
    r = http.post(f"{THINGS}?select=id,name,tags,note&order=id", headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.text == ('id,name,tags,note\n1,alpha,"{red,blue}",\n2,beta,{blue},x\n'
                      '3,"gamma, ""q""",{},y\n4,Delta,"{green,red}",')
    r = http.get(f"{THINGS}?id=gt.10", headers={"Accept": "text/csv"})
    assert (r.status_code, r.text) == (200, "\n")


def test_single_and_its_pgrst116(http):
    r = http.get(f"{THINGS}?select=id&id=eq.3", headers=SINGULAR)
    assert (r.status_code, r.json()) == (200, {"id": 3})
    r = http.get(f"{THINGS}?select=id&id=gt.1", headers=SINGULAR)
    assert r.status_code == 406
    assert r.json() == {"code": "PGRST116",
                        "message": "Cannot coerce the result to a single JSON object",
                        "details": "The result contains 3 rows", "hint": None}


def test_explain_is_refused_as_with_the_plan_setting_off(http):
    accept = 'application/vnd.pgrst.plan+text; for="application/json"; options=analyze|verbose'
    r = http.post(f"{THINGS}?select=id", headers={"Accept": accept})
    assert r.status_code == 406
    assert r.json() == {"code": "PGRST107",
                        "message": f"None of these media types are available: {accept}",
                        "details": None, "hint": None}


def test_geojson_is_refused(http):
    r = http.post(f"{THINGS}?select=id", headers={"Accept": "application/geo+json"})
    assert (r.status_code, r.json()["code"]) == (406, "PGRST107")


def test_unknown_preferences_are_ignored_unless_handling_is_strict(http):
    r = http.post(f"{THINGS}?select=id", headers={"Prefer": "bogus=1, count=exact"})
    assert (r.status_code, r.headers["content-range"]) == (200, "0-3/4")
    r = http.post(f"{THINGS}?select=id", headers={"Prefer": "handling=strict, bogus=1, nope"})
    assert r.status_code == 400
    assert r.json() == {"code": "PGRST122",
                        "message": "Invalid preferences given with handling=strict",
                        "details": "Invalid preferences: bogus=1, nope", "hint": None}


def test_strict_refuses_what_postgrest_14_no_longer_knows_and_unreadable_limits(http):
    for prefer, invalid in (("params=single-object", "params=single-object"),
                            ("max-affected=ten", "max-affected=ten"), ("7", "7")):
        r = http.post(f"{THINGS}?select=id", headers={"Prefer": f"handling=strict, {prefer}"})
        assert r.status_code == 400
        assert r.json()["code"] == "PGRST122"
        assert r.json()["details"] == f"Invalid preferences: {invalid}"
        r = http.post(f"{THINGS}?select=id", headers={"Prefer": prefer})
        assert (r.status_code, len(r.json())) == (200, 4)  # lenient: ignored, as PostgREST


def test_strict_accepts_every_preference_postgrest_knows(http):
    prefer = ("handling=strict, return=representation, count=exact, tx=rollback, "
              "missing=default, resolution=merge-duplicates, timezone=Asia/Dubai")
    r = http.post(f"{THINGS}?select=id", headers={"Prefer": prefer})
    assert r.status_code == 200
    assert r.headers["preference-applied"] == ("count=exact, handling=strict, "
                                               "timezone=Asia/Dubai")


def test_timezone_preference_sets_the_session_time_zone(http):
    r = http.post(f"{RPC}/gw_time_zone", headers={"Prefer": "timezone=Asia/Dubai"})
    assert (r.status_code, r.json()) == (200, "Asia/Dubai")
    r = http.post(f"{RPC}/gw_time_zone",
                  headers={"Prefer": "handling=strict, timezone=Mars/Olympus"})
    assert (r.status_code, r.json()["details"]) == (400, "Invalid preferences: "
                                                         "timezone=Mars/Olympus")


def test_max_affected_over_the_limit_is_pgrst124_and_rolls_back(http):
    prefix = f"max-{uuid.uuid4().hex[:8]}-"
    r = http.post(f"{RPC}/gw_insert_two", json={"p_prefix": prefix},
                  headers={"Prefer": "handling=strict, max-affected=1"})
    assert r.status_code == 400
    assert r.json() == {"code": "PGRST124",
                        "message": "Query result exceeds max-affected preference constraint",
                        "details": "The query affects 2 rows", "hint": None}
    assert http.post(f"{RPC}/gw_count_items", json={"p_prefix": prefix}).json() == 0
    r = http.post(f"{RPC}/gw_insert_two", json={"p_prefix": prefix},
                  headers={"Prefer": "handling=strict, max-affected=2"})
    assert r.status_code == 200
    assert r.headers["preference-applied"] == "handling=strict, max-affected=2"
    assert http.post(f"{RPC}/gw_count_items", json={"p_prefix": prefix}).json() == 2


def test_max_affected_counts_only_with_strict_handling(http):
    r = http.post(f"{THINGS}?select=id", headers={"Prefer": "max-affected=1"})
    assert (r.status_code, len(r.json())) == (200, 4)
    assert "preference-applied" not in r.headers


def test_max_affected_applies_to_stable_functions_and_get_too(http):
    r = http.get(f"{THINGS}?select=id", headers={"Prefer": "handling=strict, max-affected=3"})
    assert (r.status_code, r.json()["code"]) == (400, "PGRST124")
    r = http.get(f"{THINGS}?select=id&id=lt.3",
                 headers={"Prefer": "handling=strict, max-affected=3"})
    assert (r.status_code, ids(r)) == (200, [1, 2])


def test_max_affected_on_a_function_not_returning_rows_is_pgrst128(http):
    for name, body in (("gw_add", {"a": 1, "b": 2}), ("gw_void", {})):
        r = http.post(f"{RPC}/{name}", json=body,
                      headers={"Prefer": "handling=strict, max-affected=5"})
        assert r.status_code == 400
        assert r.json() == {"code": "PGRST128", "message": "Function must return SETOF or TABLE "
                            "when max-affected preference is used with handling=strict",
                            "details": None, "hint": None}


def test_tx_rollback_is_accepted_and_ignored_as_on_supabase(http):
    prefix = f"tx-{uuid.uuid4().hex[:8]}-"
    r = http.post(f"{RPC}/gw_insert_item", json={"p_name": f"{prefix}1"},
                  headers={"Prefer": "tx=rollback"})
    assert r.status_code == 200
    assert "preference-applied" not in r.headers
    assert http.post(f"{RPC}/gw_count_items", json={"p_prefix": prefix}).json() == 1


def test_a_get_range_header_pages_like_limit_and_offset(http):
    r = http.get(f"{THINGS}?select=id&order=id", headers={"Range": "1-2",
                                                          "Prefer": "count=exact"})
    assert (r.status_code, ids(r), r.headers["content-range"]) == (206, [2, 3], "1-2/4")
    r = http.get(f"{THINGS}?select=id&order=id&limit=2", headers={"Range": "1-3"})
    assert (r.status_code, ids(r)) == (200, [2])  # rows 0-1 of limit meet rows 1-3: row 1
    r = http.get(f"{THINGS}?select=id&order=id", headers={"Range": "3-1"})
    assert r.status_code == 416
    assert r.json()["details"] == ("The lower boundary must be lower than or equal to the "
                                   "upper boundary in the Range header.")
    r = http.get(f"{THINGS}?select=id&limit=1", headers={"Range": "2-"})
    assert (r.status_code, r.json()["code"]) == (416, "PGRST103")
    r = http.post(f"{THINGS}?select=id", headers={"Range": "1-2"})  # only GET reads it
    assert (r.status_code, len(r.json())) == (200, 4)


def test_a_profile_header_is_answered_with_content_profile(http):
    r = http.get(f"{RPC}/gw_where", headers={"Accept-Profile": "gw_other"})
    assert (r.status_code, r.headers["content-profile"]) == (200, "gw_other")
    r = http.post(f"{RPC}/gw_where", headers={"Content-Profile": "gw_other"})
    assert (r.status_code, r.headers["content-profile"]) == (200, "gw_other")
    r = http.post(f"{RPC}/gw_where")
    assert r.status_code == 404  # public has no gw_where
    r = http.post(f"{RPC}/gw_add", json={"a": 1, "b": 2})
    assert (r.status_code, "content-profile" in r.headers) == (200, False)


def test_accept_is_read_by_quality(http):
    r = http.post(f"{THINGS}?select=id&id=eq.1",
                  headers={"Accept": "text/csv;q=0.5, application/json"})
    assert (r.status_code, r.json()) == (200, [{"id": 1}])
    r = http.post(f"{THINGS}?select=id&id=eq.1",
                  headers={"Accept": "application/json;q=0, text/csv"})
    assert (r.status_code, r.text) == (200, "id\n1")
    r = http.post(f"{THINGS}?select=id", headers={"Accept": "text/csv;q=0"})
    assert (r.status_code, r.json()["code"]) == (406, "PGRST107")
