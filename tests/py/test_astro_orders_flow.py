"""Astro orders end to end through the dev gateway: the create_astro_order function (place,
time zone, chart) as a frontend calls it, then the normal order workflow with the reader's
astro_draft, and the function's answers to bad input, other roles and the astro limit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.conninfo import make_conninfo
from test_orders_flow import error_code, rpc

from samia_functions import db
from samia_functions.settings import get_settings

RIYADH_BIRTH = {"birth_date": "1990-05-01", "birth_time": "14:30", "place": {"city": "الرياض"},
                "question": "What does my chart say about work?"}


@pytest.fixture(autouse=True)
def function_settings(monkeypatch: pytest.MonkeyPatch, database_dsn: str,
                      jwt_secret: str) -> Iterator[None]:
    """The gateway serves the functions in this process: point their settings at this run's
    database, as the authenticator (the functions then act as each caller)."""
    monkeypatch.setenv("FUNCTIONS_DB_DSN",
                       make_conninfo(database_dsn, user="authenticator", password="postgres"))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    get_settings.cache_clear()
    db.close_pool()
    yield
    get_settings.cache_clear()
    db.close_pool()


def create_astro_order(api_url: str, anon_key: str, token: str | None,
                       body: Any) -> httpx.Response:
    headers = {"apikey": anon_key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(f"{api_url}/functions/v1/create_astro_order", json=body, headers=headers,
                      timeout=60)


def test_astro_order_through_the_whole_workflow(api_url, anon_key, supabase_for, make_user,
                                                make_client) -> None:  # noqa: F811
    alice, bob = make_client("alice"), make_client("bob")
    reader, monitor, admin = make_user("reader"), make_user("monitor"), make_user("admin")

    r = create_astro_order(api_url, anon_key, alice.token, RIYADH_BIRTH)
    assert r.status_code == 200, r.text
    order = r.json()
    assert (order["status"], order["service_code"]) == ("new", "astro")
    chart = order["astro"]
    assert (chart["place_label"], chart["time_zone"], chart["time_known"]) == \
        ("Riyadh", "Asia/Riyadh", True)
    assert chart["birth"]["utc"] == "1990-05-01T11:30:00+00:00"
    assert chart["bodies"][0]["body"] == "sun" and chart["bodies"][0]["sign"] == "taurus"
    assert chart["angles"]["ascendant"]["sign"] == "virgo"
    assert chart["method"]["houses"] == "whole_sign" and chart["method"]["node"] == "mean"

    as_alice, as_bob = supabase_for(alice), supabase_for(bob)
    as_reader, as_monitor, as_admin = supabase_for(reader), supabase_for(monitor), \
        supabase_for(admin)
    assert rpc(as_alice, "get_astro_chart", p_order_id=order["id"])["bodies"] == chart["bodies"]
    assert error_code(lambda: rpc(as_bob, "get_astro_chart", p_order_id=order["id"])) == "ORDNF"
    assert error_code(lambda: rpc(as_reader, "astro_draft", p_order_id=order["id"])) == "ORDNF"

    rpc(as_admin, "assign_order", p_order_id=order["id"], p_reader_id=reader.id)
    rpc(as_reader, "start_order", p_order_id=order["id"])
    draft = rpc(as_reader, "astro_draft", p_order_id=order["id"])
    assert draft["placements"][0]["text_en"].startswith("Sun in Taurus 10°")
    assert draft["placements"][0]["text_ar"].startswith("الشمس في الثور 10°")
    assert len(draft["strongest_aspects"]) == 5
    assert sum(e["planets"] for e in draft["elements"]) == 10
    assert error_code(lambda: rpc(as_monitor, "astro_draft", p_order_id=order["id"])) == "42501"

    rpc(as_reader, "submit_order_result", p_order_id=order["id"],
        p_output_text="Your reading (the audio arrives as a media asset).")
    rpc(as_monitor, "approve_order", p_order_id=order["id"])
    delivered = rpc(as_alice, "get_order", p_order_id=order["id"])
    assert delivered["status"] == "delivered"


def test_unknown_birth_time_gives_no_angles_and_an_approximate_moon(
        api_url, anon_key, make_client) -> None:  # noqa: F811
    alice = make_client("alice")
    body = {"birth_date": "1985-11-20", "birth_time": "unknown",
            "place": {"latitude": 30.0444, "longitude": 31.2357}}
    r = create_astro_order(api_url, anon_key, alice.token, body)
    assert r.status_code == 200, r.text
    chart = r.json()["astro"]
    assert chart["time_known"] is False and chart["birth_time"] is None
    assert chart["angles"] is None and chart["houses"] is None
    assert chart["time_zone"] == "Africa/Cairo"
    assert chart["birth"]["local"] == "1985-11-20T12:00:00"
    moon = next(b for b in chart["bodies"] if b["body"] == "moon")
    assert moon["approximate"] is True


@pytest.mark.parametrize(("body", "code"), [
    ({**RIYADH_BIRTH, "place": {"city": "Qwxzyville"}}, "ASTCU"),
    ({**RIYADH_BIRTH, "place": {"city": "Alexandria"}}, "ASTAM"),
    ({**RIYADH_BIRTH, "place": {"latitude": 95, "longitude": 0}}, "ASTPL"),
    ({**RIYADH_BIRTH, "birth_date": "1990-02-30"}, "ASTDT"),
    ({**RIYADH_BIRTH, "birth_date": "01/05/1990"}, "ASTDT"),
    ({**RIYADH_BIRTH, "birth_date": "1899-12-31"}, "ASTDT"),
    ({**RIYADH_BIRTH, "birth_date": "9999-12-31"}, "ASTFU"),
    ({**RIYADH_BIRTH, "birth_date": "0001-01-01", "birth_time": "00:30"}, "ASTDT"),
    ({**RIYADH_BIRTH, "birth_time": "25:00"}, "ASTTM"),
    ({**RIYADH_BIRTH, "birth_time": None}, "ASTTM"),
    ({**RIYADH_BIRTH, "question": 5}, "BADRQ"),
    ([1, 2], "BADRQ"),
])
def test_bad_input_gets_a_clear_code_and_creates_nothing(
        api_url, anon_key, make_client, database_dsn, body, code) -> None:  # noqa: F811
    alice = make_client("alice")
    r = create_astro_order(api_url, anon_key, alice.token, body)
    assert (r.status_code, r.json()["code"]) == (400, code), r.text
    if code == "ASTAM":
        assert len(r.json()["details"]["choices"]) > 1
    with psycopg.connect(database_dsn) as conn:
        orders = conn.execute("select count(*) from app.orders where client_id = %s",
                              (alice.id,)).fetchone()[0]
    assert orders == 0


def test_an_astro_order_without_a_chart_is_refused_at_commit(
        supabase_for, database_dsn, make_client) -> None:  # noqa: F811
    alice = make_client("alice")
    assert error_code(lambda: rpc(supabase_for(alice), "create_order", p_service_code="astro",
                                  p_question="No birth data")) == "ASTRQ"
    with psycopg.connect(database_dsn) as conn:
        orders = conn.execute("select count(*) from app.orders where client_id = %s",
                              (alice.id,)).fetchone()[0]
    assert orders == 0


def test_a_client_cannot_store_a_chart_of_their_own_making(
        supabase_for, database_dsn, make_client) -> None:  # noqa: F811
    """Only the function computes and stores charts: the REST API offers no RPC that takes one
    (PGRST202), and the client's own step alone is refused at commit (ASTRQ)."""
    alice = make_client("alice")
    client = supabase_for(alice)
    assert error_code(lambda: rpc(client, "create_astro_order", p_birth_date="1990-05-01",
                                  p_birth_time="14:30", p_latitude=24.7, p_longitude=46.7,
                                  p_place_label="Riyadh", p_time_zone="Asia/Riyadh",
                                  p_chart={"bodies": []})) == "PGRST202"
    assert error_code(lambda: rpc(client, "attach_astro_chart", p_order_id=alice.id,
                                  p_chart={"bodies": []})) == "PGRST202"
    with psycopg.connect(database_dsn) as conn:
        charts = conn.execute("select count(*) from app.order_astro as a join app.orders as o "
                              "on o.id = a.order_id where o.client_id = %s",
                              (alice.id,)).fetchone()[0]
    assert charts == 0


def test_only_signed_in_clients_may_order(api_url, anon_key, make_user) -> None:
    r = create_astro_order(api_url, anon_key, None, RIYADH_BIRTH)
    assert (r.status_code, r.json()["code"]) == (401, "AUTRQ")
    reader = make_user("reader")
    r = create_astro_order(api_url, anon_key, reader.token, RIYADH_BIRTH)
    assert (r.status_code, r.json()["code"]) == (403, "42501")
    r = httpx.get(f"{api_url}/functions/v1/create_astro_order",
                  headers={"Authorization": f"Bearer {reader.token}"})
    assert (r.status_code, r.json()["code"]) == (405, "MTHNA")


def test_the_sixth_astro_order_of_the_day_is_429(api_url, anon_key,
                                                 make_client) -> None:  # noqa: F811
    carol = make_client("carol")
    for _ in range(5):
        r = create_astro_order(api_url, anon_key, carol.token, RIYADH_BIRTH)
        assert r.status_code == 200
    r = create_astro_order(api_url, anon_key, carol.token, RIYADH_BIRTH)
    assert (r.status_code, r.json()["code"]) == (429, "PT429")
    # a database error's details are its JSON detail as text, as PostgREST sends them
    assert json.loads(r.json()["details"])["retry_after_seconds"] > 0
