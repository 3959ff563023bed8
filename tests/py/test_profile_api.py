"""The profile RPCs as a frontend calls them: supabase-py through the dev gateway."""

from __future__ import annotations

import json

import pytest
from postgrest.exceptions import APIError

PROFILE = {"p_first_name": "  Layla ", "p_last_name": "Haddad", "p_date_of_birth": "1992-02-29",
           "p_country": "ae", "p_time_zone": "Asia/Dubai", "p_language": "ar",
           "p_marital_status": "married"}


def test_a_new_user_completes_the_profile_and_sees_what_is_left(supabase_for, make_user):
    client = supabase_for(make_user("client"))
    before = client.rpc("profile_requirements", {}).execute().data
    assert before == {"complete": False, "minimum_age": 18,
                      "missing": ["first_name", "last_name", "date_of_birth", "country",
                                  "time_zone", "phone_verified"]}

    done = client.rpc("complete_profile", PROFILE).execute().data
    assert len(done) == 1
    assert {k: done[0][k] for k in ("first_name", "country_code", "zodiac_sign", "language",
                                    "marital_status", "phone_verified")} == {
        "first_name": "Layla", "country_code": "AE", "zodiac_sign": "pisces",
        "language": "ar", "marital_status": "married", "phone_verified": False}

    me = client.rpc("get_my_profile", {}).execute().data
    assert me == done
    after = client.rpc("profile_requirements", {}).execute().data
    assert after["missing"] == ["phone_verified"]


@pytest.mark.parametrize(("change", "code", "details"), [
    ({"p_date_of_birth": "2020-01-01"}, "AGEMN", {"minimum_age": 18}),
    ({"p_time_zone": "Nowhere/Land"}, "BADTZ", {"field": "time_zone", "value": "Nowhere/Land"}),
    ({"p_country": "ZZ"}, "BADCY", {"field": "country_code", "value": "ZZ"}),
    ({"p_first_name": " "}, "BADNM", {"field": "first_name"}),
    ({"p_language": "fr"}, "BADLG", {"value": "fr", "allowed": ["ar", "en"]}),
    ({"p_gender": "robot"}, "BADPF", {"field": "gender"}),
])
def test_invalid_profiles_are_refused_with_their_code(supabase_for, make_user, change, code,
                                                      details):
    with pytest.raises(APIError) as refused:
        supabase_for(make_user("client")).rpc("complete_profile",
                                              {**PROFILE, **change}).execute()
    assert refused.value.code == code
    assert json.loads(refused.value.details) == details  # a JSON object a client can read


def test_the_phone_and_role_cannot_be_sent(supabase_for, make_user):
    with pytest.raises(APIError) as refused:
        supabase_for(make_user("client")).rpc(
            "complete_profile", {**PROFILE, "p_phone_verified": True, "p_role": "admin"}
        ).execute()
    assert refused.value.code == "PGRST202"  # no such function signature


def test_anon_gets_no_profile(supabase_for):
    with pytest.raises(APIError) as refused:
        supabase_for().rpc("get_my_profile", {}).execute()
    assert refused.value.code == "42501"
