"""Arguments, overload resolution and result shapes of /rest/v1/rpc."""

from __future__ import annotations

import json
import uuid

import pytest

RPC = "/rest/v1/rpc"
SINGULAR = {"Accept": "application/vnd.pgrst.object+json"}


def test_scalar_post_coerces_json_strings_to_the_parameter_type(http):
    r = http.post(f"{RPC}/gw_add", json={"a": 1, "b": "2"})
    assert r.status_code == 200
    assert r.json() == 3
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.headers["content-range"] == "0-0/*"


def test_get_arguments_are_cast_from_text(http):
    r = http.get(f"{RPC}/gw_add", params={"a": "4", "b": "5"})
    assert (r.status_code, r.json()) == (200, 9)


def test_head_answers_headers_without_a_body(http):
    r = http.head(f"{RPC}/gw_add", params={"a": "4", "b": "5"})
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["content-range"] == "0-0/*"


def test_void_is_204_without_body_or_content_type(http):
    r = http.post(f"{RPC}/gw_void", json={})
    assert r.status_code == 204
    assert r.content == b""
    assert "content-type" not in r.headers


def test_empty_post_body_means_no_arguments(http):
    r = http.post(f"{RPC}/gw_void", content=b"", headers={"Content-Type": "application/json"})
    assert r.status_code == 204


def test_sql_null_scalar_is_json_null(http):
    r = http.post(f"{RPC}/gw_null")
    assert (r.status_code, r.text) == (200, "null")


def test_defaults_may_be_omitted(http):
    assert http.post(f"{RPC}/gw_defaults", json={"a": 1}).json() == 11
    assert http.post(f"{RPC}/gw_defaults", json={"a": 1, "b": 2}).json() == 3


def test_variadic_from_repeated_query_params_and_from_a_json_array(http):
    assert http.get(f"{RPC}/gw_variadic?v=1&v=2&v=5").json() == 8
    assert http.post(f"{RPC}/gw_variadic", json={"v": [1, 2, 3]}).json() == 6


def test_character_parameter_is_not_truncated_to_one_char(http):
    assert http.post(f"{RPC}/gw_char", json={"c": "abc"}).json() == "abc"


def test_single_unnamed_jsonb_parameter_receives_the_whole_body(http):
    body = {"anything": [1, 2], "nested": {"k": "v"}}
    assert http.post(f"{RPC}/gw_json_arg", json=body).json() == body


def test_single_unnamed_text_parameter_receives_a_text_body(http):
    r = http.post(f"{RPC}/gw_text_arg", content=b"hello",
                  headers={"Content-Type": "text/plain"})
    assert (r.status_code, r.json()) == (200, "got hello")


def test_form_bodies_are_read_like_query_arguments(http):
    r = http.post(f"{RPC}/gw_add", data={"a": "2", "b": "3"})
    assert r.json() == 5


def test_table_function_returns_an_array_of_objects(http):
    r = http.post(f"{RPC}/gw_series", json={"n": 3})
    assert r.json() == [{"i": 1, "label": "n1"}, {"i": 2, "label": "n2"},
                        {"i": 3, "label": "n3"}]
    assert r.headers["content-range"] == "0-2/*"


def test_empty_set_is_an_empty_array(http):
    r = http.post(f"{RPC}/gw_series", json={"n": 0})
    assert r.json() == []
    assert r.headers["content-range"] == "*/*"


def test_setof_scalar_is_an_array_of_values(http):
    assert http.post(f"{RPC}/gw_numbers", json={"n": 3}).json() == [1, 2, 3]


def test_single_composite_and_out_params_are_objects(http):
    assert http.post(f"{RPC}/gw_one_item").json() == {"id": 0, "name": "none"}
    assert http.post(f"{RPC}/gw_out", json={"a": 3}).json() == {"doubled": 6, "label": "x3"}


def test_count_exact_fills_the_total_and_partial_pages_are_206(http):
    r = http.post(f"{RPC}/gw_series", json={"n": 3}, headers={"Prefer": "count=exact"})
    assert (r.status_code, r.headers["content-range"]) == (200, "0-2/3")
    assert r.headers["preference-applied"] == "count=exact"
    r = http.post(f"{RPC}/gw_series?limit=2&offset=1", json={"n": 5},
                  headers={"Prefer": "count=exact"})
    assert (r.status_code, r.headers["content-range"]) == (206, "1-2/5")
    assert [row["i"] for row in r.json()] == [2, 3]


def test_filters_order_and_select_shape_table_results(http):
    r = http.get(f"{RPC}/gw_series", params={"n": "6", "i": "gt.2", "label": "neq.n4",
                                             "order": "i.desc", "select": "num:i"})
    assert r.json() == [{"num": 6}, {"num": 5}, {"num": 3}]
    r = http.get(f"{RPC}/gw_series", params={"n": "6", "i": "in.(1,3)", "label": "like.n*"})
    assert [row["i"] for row in r.json()] == [1, 3]


def test_singular_accept_unwraps_one_row(http):
    r = http.post(f"{RPC}/gw_series", json={"n": 1}, headers=SINGULAR)
    assert r.status_code == 200
    assert r.json() == {"i": 1, "label": "n1"}
    assert r.headers["content-type"].startswith("application/vnd.pgrst.object+json")


@pytest.mark.parametrize("n", [0, 2])
def test_singular_accept_with_other_row_counts_is_pgrst116(http, n):
    r = http.post(f"{RPC}/gw_series", json={"n": n}, headers=SINGULAR)
    assert r.status_code == 406
    assert r.json() == {"code": "PGRST116",
                        "message": "Cannot coerce the result to a single JSON object",
                        "details": f"The result contains {n} rows", "hint": None}


def test_pgrst116_rolls_the_transaction_back(http):
    prefix = f"single-{uuid.uuid4().hex[:8]}-"
    r = http.post(f"{RPC}/gw_insert_two", json={"p_prefix": prefix}, headers=SINGULAR)
    assert r.status_code == 406
    assert http.post(f"{RPC}/gw_count_items", json={"p_prefix": prefix}).json() == 0
    # the same call without the singular Accept commits both rows
    assert len(http.post(f"{RPC}/gw_insert_two", json={"p_prefix": prefix}).json()) == 2
    assert http.post(f"{RPC}/gw_count_items", json={"p_prefix": prefix}).json() == 2


def test_nulls_stripped_drops_null_keys(http):
    r = http.post(f"{RPC}/gw_whoami",
                  headers={"Accept": "application/vnd.pgrst.object+json;nulls=stripped"})
    assert "uid" not in r.json()


def test_unknown_accept_is_pgrst107(http):
    r = http.post(f"{RPC}/gw_add", json={"a": 1, "b": 1}, headers={"Accept": "text/xml"})
    assert (r.status_code, r.json()["code"]) == (406, "PGRST107")


def test_missing_function_is_pgrst202_with_postgrest_wording(http):
    r = http.post(f"{RPC}/gw_add", json={"a": 1})
    assert r.status_code == 404
    assert r.json() == {
        "code": "PGRST202",
        "message": "Could not find the function public.gw_add(a) in the schema cache",
        "details": "Searched for the function public.gw_add with parameter a or with a single "
                   "unnamed json/jsonb parameter, but no matches were found in the schema cache.",
        "hint": "Perhaps you meant to call the function public.gw_add(a, b)",
    }


def test_missing_function_without_parameters_over_get(http):
    r = http.get(f"{RPC}/zzqx_no_such_thing")
    assert r.status_code == 404
    assert r.json() == {
        "code": "PGRST202",
        "message": "Could not find the function public.zzqx_no_such_thing without parameters "
                   "in the schema cache",
        "details": "Searched for the function public.zzqx_no_such_thing without parameters, "
                   "but no matches were found in the schema cache.",
        "hint": None,
    }


def test_misspelt_function_gets_a_fuzzy_hint(http):
    r = http.post(f"{RPC}/gw_whoamii", json={})
    assert r.json()["hint"] == "Perhaps you meant to call the function public.gw_whoami"


def test_extra_keys_do_not_match(http):
    r = http.post(f"{RPC}/gw_add", json={"a": 1, "b": 2, "c": 3})
    assert r.json()["message"] == ("Could not find the function public.gw_add(a, b, c) "
                                   "in the schema cache")
    assert "with parameters a, b, c or" in r.json()["details"]


def test_functions_with_unnamed_non_body_arguments_are_not_exposed(http):
    assert http.get(f"{RPC}/gw_hidden").status_code == 404


def test_overloads_with_the_same_argument_names_are_pgrst203(http):
    r = http.post(f"{RPC}/gw_overload", json={"a": 1})
    assert r.status_code == 300
    body = r.json()
    assert body["code"] == "PGRST203"
    assert body["message"].startswith("Could not choose the best candidate function between: ")
    assert "public.gw_overload(a => integer)" in body["message"]
    assert "public.gw_overload(a => text)" in body["message"]
    assert body["hint"].startswith("Try renaming the parameters")


def test_profile_headers_select_an_exposed_schema(http):
    r = http.get(f"{RPC}/gw_where", headers={"Accept-Profile": "gw_other"})
    assert r.json() == 'other:"gw_other", "public", "extensions"'
    r = http.post(f"{RPC}/gw_where", headers={"Content-Profile": "gw_other"})
    assert r.status_code == 200


def test_unknown_profile_is_pgrst106(http):
    r = http.post(f"{RPC}/gw_add", json={"a": 1, "b": 1}, headers={"Content-Profile": "auth"})
    assert r.status_code == 406
    assert r.json()["code"] == "PGRST106"
    assert r.json()["message"] == "The schema must be one of the following: public, gw_other"


def test_response_gucs_override_status_and_headers(http):
    r = http.post(f"{RPC}/gw_status_override")
    assert r.status_code == 201
    assert r.headers["x-test"] == "yes"
    assert r.headers["cache-control"] == "no-store"
    assert json.loads(r.text) == {"created": True}
