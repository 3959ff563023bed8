"""Filters on an RPC's rows, on the wire, one row per thing supabase-js can send: every operator,
`not`, `and`/`or` trees, and the 400s for what PostgREST refuses (public.gw_things, fixtures.sql:
ids 1 alpha, 2 beta, 3 `gamma, "q"`, 4 Delta)."""

from __future__ import annotations

import pytest

THINGS = "/rest/v1/rpc/gw_things"

# (query string after `select=id&`, the ids it keeps), sent both as GET and as POST
KEEPS = [
    ("id=eq.2", [2]),
    ("id=neq.2", [1, 3, 4]),
    ("score=gt.10", [2, 4]),
    ("score=gte.20", [2, 4]),
    ("score=lt.20", [1]),
    ("score=lte.20", [1, 2]),
    ("name=like.*lph*", [1]),
    ("name=ilike.D*", [4]),
    ("name=like(all).{*a*,*l*}", [1, 4]),  # likeAllOf
    ("name=like(any).{a*,b*}", [1, 2]),  # likeAnyOf
    ("name=ilike(all).{*D*,*A}", [4]),  # ilikeAllOf
    ("name=ilike(any).{A*,d*}", [1, 4]),  # ilikeAnyOf
    ("score=gt(any).{15,30}", [2, 4]),
    ("name=match.^[ab]", [1, 2]),
    ("name=imatch.^d", [4]),
    ("note=is.null", [1, 4]),
    ("note=is.NULL", [1, 4]),
    ("note=not.is.null", [2, 3]),
    ("note=is.not_null", [2, 3]),
    ("score=isdistinct.10", [2, 3, 4]),
    ("id=in.(1,3)", [1, 3]),
    ('name=in.(alpha,"gamma, \\"q\\"")', [1, 3]),  # quoted values keep commas and quotes
    ("id=in.()", []),
    ("id=not.in.(1,2)", [3, 4]),
    ("tags=cs.{red}", [1, 4]),  # contains, arrays
    ("tags=cd.{red,blue,x}", [1, 2, 3]),  # containedBy
    ("tags=ov.{green,blue}", [1, 2, 4]),  # overlaps
    ('data=cs.{"k":"a"}', [1]),  # contains, jsonb
    ('data=cd.{"k":"b","n":2,"z":0}', [2]),
    ("span=cs.[2,3]", [1]),  # contains, ranges
    ("span=ov.[3,6)", [1, 2]),
    ("span=sl.[25,30)", [1, 2, 3]),  # rangeLt
    ("span=sr.[1,3)", [2, 3]),  # rangeGt
    ("span=nxr.[1,10)", [1, 2]),  # rangeLte
    ("span=nxl.[5,6)", [2, 3]),  # rangeGte
    ("span=adj.[5,10)", [1, 3]),  # rangeAdjacent
    ("body=fts.dog", [2, 4]),  # textSearch
    ("body=fts(english).cats", [3]),  # textSearch with a config
    ("body=plfts(english).lazy dog", [2]),  # type: 'plain'
    ("body=phfts.lazy dog", [2]),  # type: 'phrase'
    ("body=wfts(english).dog -lazy", [4]),  # type: 'websearch'
    ("body=not.fts.dog", [1, 3]),
    ("data->>k=eq.b", [2]),  # JSON paths in filters
    ("data->n=gt.1", [2]),
    ("data->arr->0=eq.1", [1]),
    ("id=gt.1&score=lt.30", [2]),  # match() and chained filters are ANDed
    ("or=(id.eq.1,and(score.gt.15,note.is.null))", [1, 4]),
    ("not.or=(id.eq.1,id.eq.2)", [3, 4]),
    ("and=(id.gt.1,not.or(id.eq.2,id.eq.3))", [4]),
    ("or=(tags.cs.{red,blue},id.in.(3,4))", [1, 3, 4]),  # arrays and lists inside trees
    ('or=(name.eq."gamma, \\"q\\"",id.eq.1)', [1, 3]),
    ("or=(body.fts(english).cats,data->>k.eq.a)", [1, 3]),
    ("or=(id.eq.1)&or=(id.eq.2,id.eq.1)", [1]),  # two trees are ANDed
    ("or=( id.eq.1 , and( id.gt.2 , id.lt.4 ) )", [1, 3]),  # spaces around items
]


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()]


@pytest.mark.parametrize(("query", "kept"), KEEPS, ids=[q for q, _ in KEEPS])
def test_filter_keeps_the_rows_postgrest_keeps(http, query, kept):
    for method in ("GET", "POST"):
        r = http.request(method, f"{THINGS}?select=id&order=id&{query}")
        assert (r.status_code, ids(r)) == (200, kept), (method, r.text)


# (query string, code, message, details): PostgREST's 400 for each malformed value
REFUSED = [
    ("code=eqq.x", "PGRST100", '"failed to parse filter (eqq.x)" (line 1, column 5)',
     "unknown single value operator eqq"),
    ("id=eq", "PGRST100", '"failed to parse filter (eq)" (line 1, column 3)',
     "unexpected end of input expecting delimiter (.)"),
    ("id=is.nul", "PGRST100", '"failed to parse filter (is.nul)" (line 1, column 4)',
     'unexpected "n" expecting null, not_null or trilean value (unknown, true, false)'),
    ("id=in.1,2", "PGRST100", '"failed to parse filter (in.1,2)" (line 1, column 4)',
     'unexpected "1" expecting "("'),
    ("name=like(some).{a}", "PGRST100",
     '"failed to parse filter (like(some).{a})" (line 1, column 6)',
     'unexpected "s" expecting "any" or "all"'),
    ("or=(id.eqq.1)", "PGRST100", '"failed to parse logic tree ((id.eqq.1))" (line 1, column 11)',
     "unknown single value operator eqq"),
    ("or=(id.eq.1", "PGRST100", '"failed to parse logic tree ((id.eq.1)" (line 1, column 11)',
     'unexpected end of input expecting ")"'),
    ("or=id.eq.1", "PGRST100", '"failed to parse logic tree (id.eq.1)" (line 1, column 3)',
     'unexpected "." expecting "("'),
    ("order=id.ac", "PGRST100", '"failed to parse order (id.ac)" (line 1, column 4)',
     'unexpected "a" expecting "asc", "desc", "nullsfirst" or "nullslast"'),
    ("select=", "PGRST100", '"failed to parse select parameter ()" (line 1, column 1)',
     "unexpected end of input expecting field name (* or [a..z0..9_$])"),
    ("limit=ten", "PGRST100", '"failed to parse limit parameter (ten)" (line 1, column 1)',
     'unexpected "t" expecting digit'),
]


@pytest.mark.parametrize(("query", "code", "message", "details"), REFUSED,
                         ids=[q for q, *_ in REFUSED])
def test_malformed_values_are_pgrst100_with_postgrest_message_shape(http, query, code,
                                                                    message, details):
    r = http.post(f"{THINGS}?{query}")
    assert r.status_code == 400
    assert r.json() == {"code": code, "message": message, "details": details, "hint": None}


def test_on_get_a_value_without_an_operator_is_an_argument_as_in_postgrest(http):
    r = http.get(f"{THINGS}?code=eqq.x")
    assert r.status_code == 404
    assert r.json()["code"] == "PGRST202"
    assert r.json()["message"] == ("Could not find the function public.gw_things(code) "
                                   "in the schema cache")


def test_on_post_every_pair_outside_the_body_must_be_a_filter(http):
    r = http.post(f"{THINGS}?select=id&whatever", json={})
    assert (r.status_code, r.json()["code"]) == (400, "PGRST100")


@pytest.mark.parametrize("query", ["rel.id=eq.1", "rel.order=id", "rel.limit=1",
                                   "rel.offset=1", "rel.or=(id.eq.1)", "rel.not.and=(id.eq.1)",
                                   "order=rel(id).desc"])
def test_referenced_table_forms_are_pgrst108(http, query):
    r = http.post(f"{THINGS}?select=id&{query}")
    assert r.status_code == 400
    assert r.json() == {"code": "PGRST108",
                        "message": "'rel' is not an embedded resource in this request",
                        "details": None,
                        "hint": "Verify that 'rel' is included in the 'select' query parameter."}


@pytest.mark.parametrize("select", ["id,rel(*)", "id,alias:rel!inner(id)", "...rel(id)"])
def test_embedding_is_refused_with_pgrst127(http, select):
    r = http.post(f"{THINGS}?select={select}")
    assert r.status_code == 400
    assert r.json()["code"] == "PGRST127"
    assert r.json()["message"] == "Feature not implemented"


@pytest.mark.parametrize("select", ["count()", "score.sum()", "id,score.avg()"])
def test_aggregates_are_pgrst123_as_on_supabase(http, select):
    r = http.post(f"{THINGS}?select={select}")
    assert r.status_code == 400
    assert r.json() == {"code": "PGRST123", "message": "Use of aggregate functions is not allowed",
                        "details": None, "hint": None}


def test_unknown_columns_and_text_search_configs_are_postgresql_errors(http):
    r = http.post(f"{THINGS}?select=id&nosuch=eq.1")
    assert (r.status_code, r.json()["code"]) == (400, "42703")
    r = http.post(f"{THINGS}?select=id&body=fts(klingon).x")
    assert (r.status_code, r.json()["code"]) == (400, "42704")


@pytest.mark.parametrize("query", ["id=eq.%00", "na%00me=eq.1", "or=(id.eq.%00)",
                                   "select=id%00", "order=id%00"])
def test_nul_bytes_in_names_or_values_are_400_22021(http, query):
    for method in ("GET", "POST"):
        r = http.request(method, f"{THINGS}?{query}")
        assert r.status_code == 400, (method, r.text)
        assert r.json()["code"] == "22021"


def test_a_nul_byte_in_a_get_argument_is_400_22021(http):
    r = http.get("/rest/v1/rpc/gw_add?a=1&b=%00")
    assert (r.status_code, r.json()["code"]) == (400, "22021")


def test_values_are_parameters_not_sql(http):
    # text that would end a quoted literal or an identifier is only ever data
    r = http.post(f"{THINGS}?select=id&name=eq.x' or '1'='1")
    assert (r.status_code, r.json()) == (200, [])
    r = http.post(f"{THINGS}?select=id&or=(name.eq.x' or 1=1 --,id.eq.1)")
    assert (r.status_code, ids(r)) == (200, [1])
    r = http.post(f'{THINGS}?select=id&"id\\" from x; --"=eq.1')
    assert (r.status_code, r.json()["code"]) == (400, "42703")
    r = http.post(f"{THINGS}?select=id::text);drop table x;--")
    assert (r.status_code, r.json()["code"]) == (400, "PGRST100")


def test_on_get_an_argument_that_looks_like_a_filter_is_a_filter(http):
    # as in PostgREST: `in.progress` reads as the operator `in`; POST passes it as text
    r = http.get("/rest/v1/rpc/gw_text_named?p_text=in.progress")
    assert (r.status_code, r.json()["code"]) == (400, "PGRST100")
    r = http.post("/rest/v1/rpc/gw_text_named", json={"p_text": "in.progress"})
    assert (r.status_code, r.json()) == (200, "in.progress")


def test_placeholder_text_in_a_quoted_name_stays_a_name(http):
    # values are bound into the statement's text; a name that reads like a placeholder must
    # not receive one (the value would then end the quoted identifier)
    r = http.post(f'{THINGS}?select=id&"%(p1)s"=eq.1&name=eq.x" or true or "')
    assert (r.status_code, r.json()["code"]) == (400, "42703"), r.text
    assert "%(p1)s" in r.json()["message"]
    r = http.post(f'{THINGS}?select=id&"%s %"=eq.1')
    assert (r.status_code, r.json()["code"]) == (400, "42703"), r.text
