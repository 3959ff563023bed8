"""HS256 JWTs with the claims Supabase Auth issues, for the local stack and tests."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import jwt

# The Supabase CLI's legacy local API keys are JWTs with exactly this payload, so ours match.
API_KEY_ISSUER = "supabase-demo"
API_KEY_EXPIRY = 1983812996


def api_key(secret: str, role: str) -> str:
    """The legacy `anon` / `service_role` API key: a long-lived JWT naming only the role."""
    payload = {"iss": API_KEY_ISSUER, "role": role, "exp": API_KEY_EXPIRY}
    return jwt.encode(payload, secret, algorithm="HS256")


@dataclass(frozen=True)
class AuthUser:
    id: str
    email: str | None
    phone: str | None = None
    app_metadata: dict | None = None
    user_metadata: dict | None = None


def user_token(secret: str, user: AuthUser, *, issuer: str, ttl_seconds: int = 3600) -> str:
    """An access token shaped like Supabase Auth's (role `authenticated`, aud `authenticated`)."""
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": "authenticated",
        "sub": user.id,
        "exp": now + ttl_seconds,
        "iat": now,
        "role": "authenticated",
        "aal": "aal1",
        "session_id": str(uuid.uuid4()),
        "email": user.email or "",
        "phone": user.phone or "",
        "is_anonymous": False,
        "app_metadata": user.app_metadata or {},
        "user_metadata": user.user_metadata or {},
    }
    return jwt.encode(claims, secret, algorithm="HS256")
