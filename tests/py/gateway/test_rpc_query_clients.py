"""The filter and transform builders of the real postgrest-py client (what supabase-py's `.rpc()`
returns) against the gateway, each as the frontend would chain it on an RPC, over POST and GET."""

from __future__ import annotations

import uuid

import pytest
from postgrest import SyncPostgrestClient
from postgrest.exceptions import APIError


@pytest.fixture
def client(gw_url, anon_key):
    with SyncPostgrestClient(f"{gw_url}/rest/v1", headers={"apikey": anon_key}) as client:
        yield client


def things(client, get: bool):
    return client.rpc("gw_things", {}, get=get).select("id").order("id")


def ids(response) -> list[int]:
    return [row["id"] for row in response.data]


# builder method -> (how to chain it, ids kept)
CHAINS = {
    "eq": (lambda q: q.eq("id", 2), [2]),
    "neq": (lambda q: q.neq("id", 2), [1, 3, 4]),
    "gt": (lambda q: q.gt("score", 10), [2, 4]),
    "gte": (lambda q: q.gte("score", 20), [2, 4]),
    "lt": (lambda q: q.lt("score", 20), [1]),
    "lte": (lambda q: q.lte("score", 20), [1, 2]),
    "like": (lambda q: q.like("name", "*lph*"), [1]),
    "ilike": (lambda q: q.ilike("name", "d*"), [4]),
    "like_all_of": (lambda q: q.like_all_of("name", "*a*,*l*"), [1, 4]),
    "like_any_of": (lambda q: q.like_any_of("name", "a*,b*"), [1, 2]),
    "ilike_all_of": (lambda q: q.ilike_all_of("name", "*D*,*A"), [4]),
    "ilike_any_of": (lambda q: q.ilike_any_of("name", "A*,d*"), [1, 4]),
    "is_": (lambda q: q.is_("note", None), [1, 4]),
    "in_": (lambda q: q.in_("name", ["alpha", 'gamma, "q"']), [1, 3]),
    "contains array": (lambda q: q.contains("tags", ["red"]), [1, 4]),
    "contains jsonb": (lambda q: q.contains("data", {"k": "a"}), [1]),
    "contains range": (lambda q: q.contains("span", "[2,3]"), [1]),
    "contained_by": (lambda q: q.contained_by("tags", ["red", "blue", "x"]), [1, 2, 3]),
    "overlaps": (lambda q: q.overlaps("tags", ["green", "blue"]), [1, 2, 4]),
    "range_lt": (lambda q: q.range_lt("span", (25, 30)), [1, 2, 3]),
    "range_gt": (lambda q: q.range_gt("span", (1, 3)), [2, 3]),
    "range_lte": (lambda q: q.range_lte("span", (1, 10)), [1, 2]),
    "range_gte": (lambda q: q.range_gte("span", (4, 6)), [2, 3]),  # sent as (4,6): [5,6)
    "range_adjacent": (lambda q: q.range_adjacent("span", (4, 10)), [1, 3]),
    # supabase-js textSearch(col, q, {type, config}) sends these operators
    "filter fts(config)": (lambda q: q.filter("body", "fts(english)", "cats"), [3]),
    "plfts": (lambda q: q.plfts("body", "lazy dog"), [2]),
    "phfts": (lambda q: q.phfts("body", "lazy dog"), [2]),
    "wfts": (lambda q: q.wfts("body", "dog -lazy"), [4]),
    "fts": (lambda q: q.fts("body", "dog"), [2, 4]),
    "match": (lambda q: q.match({"id": 2, "name": "beta"}), [2]),
    "not_ eq": (lambda q: q.not_.eq("id", 1), [2, 3, 4]),
    "not_ is_": (lambda q: q.not_.is_("note", None), [2, 3]),
    "not_ in_": (lambda q: q.not_.in_("id", [1, 2]), [3, 4]),
    "or_": (lambda q: q.or_("id.eq.1,and(score.gt.15,note.is.null)"), [1, 4]),
    "not_ or_": (lambda q: q.not_.or_("id.eq.1,id.eq.2"), [3, 4]),
    "filter": (lambda q: q.filter("data->>k", "eq", "b"), [2]),
    "order nullsfirst": (lambda q: q.order("score", desc=True, nullsfirst=True), [3, 4, 2, 1]),
    "limit": (lambda q: q.limit(2), [1, 2]),
    "offset": (lambda q: q.offset(3), [4]),
    "range": (lambda q: q.range(1, 2), [2, 3]),
}


@pytest.mark.parametrize("name", list(CHAINS))
@pytest.mark.parametrize("get", [False, True], ids=["post", "get"])
def test_builder_methods_on_an_rpc(client, name, get):
    chain, kept = CHAINS[name]
    query = chain(things(client, get))
    if name == "order nullsfirst":  # a second order term after the default one
        query = client.rpc("gw_things", {}, get=get).select("id").order(
            "score", desc=True, nullsfirst=True)
    assert ids(query.execute()) == kept


def test_a_misspelt_operator_is_pgrst100(client):
    with pytest.raises(APIError) as raised:
        things(client, get=False).filter("code", "eqq", "x").execute()
    assert raised.value.code == "PGRST100"
    assert raised.value.details == "unknown single value operator eqq"


def test_referenced_table_transforms_are_pgrst108(client):
    for query in (things(client, False).limit(1, foreign_table="rel"),
                  things(client, False).range(0, 1, foreign_table="rel"),
                  things(client, False).order("id", foreign_table="rel"),
                  things(client, False).or_("id.eq.1", reference_table="rel")):
        with pytest.raises(APIError) as raised:
            query.execute()
        assert raised.value.code == "PGRST108"


def test_select_casts_and_json_paths(client):
    rows = (client.rpc("gw_things", {}).select("id, k:data->>k, score::text")
            .eq("id", 1).execute().data)
    assert rows == [{"id": 1, "k": "a", "score": "10"}]


def test_single_maybe_single_and_count(client):
    assert things(client, False).eq("id", 3).single().execute().data == {"id": 3}
    assert things(client, False).eq("id", 9).maybe_single().execute() is None
    with pytest.raises(APIError) as raised:
        things(client, False).gt("id", 1).single().execute()
    assert raised.value.code == "PGRST116"
    response = client.rpc("gw_things", {}, count="exact").select("id").gt("id", 1).execute()
    assert (len(response.data), response.count) == (3, 3)
    head = client.rpc("gw_things", {}, count="exact", head=True).gt("id", 2).execute()
    assert head.count == 2


def test_csv_and_strip_nulls(client):
    text = things(client, False).lte("id", 2).csv().execute().data
    assert text == "id\n1\n2"
    rows = client.rpc("gw_things", {}).select("id,note").lte("id", 2).order("id") \
        .strip_nulls().execute().data
    assert rows == [{"id": 1}, {"id": 2, "note": "x"}]


def test_max_affected_rolls_back(client):
    prefix = f"client-max-{uuid.uuid4().hex[:8]}-"
    with pytest.raises(APIError) as raised:
        client.rpc("gw_insert_two", {"p_prefix": prefix}).max_affected(1).execute()
    assert (raised.value.code, raised.value.details) == ("PGRST124", "The query affects 2 rows")
    assert client.rpc("gw_count_items", {"p_prefix": prefix}).execute().data == 0
    rows = client.rpc("gw_insert_two", {"p_prefix": prefix}).max_affected(2).execute().data
    assert len(rows) == 2
