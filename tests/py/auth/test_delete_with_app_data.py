"""Deleting a user whose application data still refers to them: a 409 in GoTrue's shape, and
nothing of the user is gone (no half-deleted user)."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from supabase import ClientOptions, create_client
from supabase_auth.errors import AuthApiError

from .conftest import PASSWORD

OWNED = (("auth.users", "id"), ("auth.identities", "user_id"), ("auth.sessions", "user_id"),
         ("auth.refresh_tokens", "user_id"), ("app.profiles", "id"), ("app.orders", "client_id"))


def counts(database_dsn: str, user_id: str) -> dict[str, int]:
    with psycopg.connect(database_dsn) as conn:
        return {table: conn.execute(f"select count(*) from {table} where {column}::text = %s",
                                    (user_id,)).fetchone()[0] for table, column in OWNED}


def test_a_user_with_an_order_is_not_deleted_at_all(client_for, service_key, api_url, anon_key,
                                                    signed_up, database_dsn):
    me = signed_up("orderer")
    user_id = me["user"]["id"]
    with psycopg.connect(database_dsn, autocommit=True) as conn:  # may order, as the platform
        conn.execute(
            "update app.profiles set first_name = 'Test', last_name = 'Client',"
            " date_of_birth = '1990-05-05', country_code = 'AE', time_zone = 'Asia/Dubai',"
            " phone = %s, phone_verified = true where id = %s",
            (f"+9715{uuid.uuid4().int % 10**8:08d}", user_id))
    as_me = create_client(api_url, anon_key, options=ClientOptions(
        headers={"Authorization": f"Bearer {me['access_token']}"}))  # the /auth/v1 token on REST
    as_me.rpc("create_order", {"p_service_code": "tarot", "p_question": "Will it hold?",
                               "p_is_gold": False}).execute()
    before = counts(database_dsn, user_id)
    assert before["app.orders"] == 1 and before["auth.sessions"] == 1

    admin = client_for(service_key).auth.admin
    with pytest.raises(AuthApiError) as err:
        admin.delete_user(user_id)
    assert (err.value.status, err.value.code) == (409, "conflict")
    assert counts(database_dsn, user_id) == before
    assert client_for().auth.sign_in_with_password(
        {"email": me["user"]["email"], "password": PASSWORD}).session is not None
