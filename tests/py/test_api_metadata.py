"""The public metadata RPCs through the dev gateway, driven by the real supabase client."""

from __future__ import annotations

import json

import httpx
import pytest
from postgrest.exceptions import APIError


def test_anon_reads_every_country_in_both_languages(supabase_for) -> None:
    anon = supabase_for()
    english = anon.rpc("list_countries", {}).execute().data
    assert len(english) == 249
    saudi = next(c for c in english if c["alpha2"] == "SA")
    assert saudi["alpha3"] == "SAU" and saudi["dial_codes"] == ["+966"]
    assert saudi["default_time_zone"] == "Asia/Riyadh"
    arabic = anon.rpc("list_countries", {"p_language": "ar"}).execute().data
    assert next(c for c in arabic if c["alpha2"] == "SA")["name"] == saudi["name_ar"]


def test_countries_sort_by_dial_code(supabase_for) -> None:
    rows = supabase_for().rpc("list_countries", {"p_sort": "dial_code"}).execute().data
    firsts = [int(r["dial_codes"][0][1:]) for r in rows if r["dial_codes"]]
    assert firsts == sorted(firsts)


def test_anon_reads_zodiac_signs_and_active_services(supabase_for) -> None:
    anon = supabase_for()
    signs = anon.rpc("list_zodiac_signs", {"p_language": "ar"}).execute().data
    assert len(signs) == 12 and signs[0]["code"] == "aries" and signs[0]["name"] == "الحمل"
    services = anon.rpc("list_services", {}).execute().data
    assert {s["code"] for s in services} == {"tarot", "coffee", "astro", "healing", "direct_call"}
    assert all(isinstance(s["price_minor"], int) for s in services)


def test_get_requests_work_like_post(api_url: str, anon_key: str) -> None:
    got = httpx.get(f"{api_url}/rest/v1/rpc/list_services", params={"p_language": "ar"},
                    headers={"apikey": anon_key})
    assert got.status_code == 200 and len(got.json()) == 5


def test_bad_language_is_a_registered_code(supabase_for) -> None:
    with pytest.raises(APIError) as err:
        supabase_for().rpc("list_services", {"p_language": "fr"}).execute()
    assert err.value.code == "BADLG"
    assert json.loads(err.value.details) == {"value": "fr", "allowed": ["ar", "en"]}


@pytest.mark.parametrize("fn", ["current_role", "zodiac_sign_for", "touch_updated_at",
                                "sync_profile_from_auth_user"])
def test_internal_functions_are_not_served(supabase_for, fn: str) -> None:
    with pytest.raises(APIError) as err:
        supabase_for().rpc(fn, {}).execute()
    assert err.value.code == "PGRST202"


def test_signed_in_users_read_metadata_too(supabase_for, make_user) -> None:
    client = supabase_for(make_user("client"))
    assert len(client.rpc("list_zodiac_signs", {}).execute().data) == 12


def test_health_reports_current_migrations(api_url: str) -> None:
    body = httpx.get(f"{api_url}/health").json()
    assert body["database"] == "ok" and body["migrations"]["pending"] == 0
