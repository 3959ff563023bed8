"""Twilio Verify v2 through the official SDK, configured from the environment on first use.

`get_verify()` answers 503 naming the missing TWILIO_* variables before anything else happens.
Twilio's answers become either a `VerifyRefused` (Twilio said no for a reason the user caused:
bad number, too many sends or checks, no pending verification) that the caller records, or an
AppError (provider down or misconfigured) that rolls the caller's transaction back.

Tests point the real SDK at a loopback fake by setting TWILIO_FAKE_BASE_URL (see
twilio_client).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from . import service_health
from .errors import NOT_CONFIGURED, AppError
from .twilio_client import (  # noqa: F401  (LoopbackTwilioHttpClient: tests import it here)
    ACCOUNT_SID_VAR,
    AUTH_TOKEN_VAR,
    FAKE_BASE_URL_VAR,
    LoopbackTwilioHttpClient,
    make_client,
)

PROVIDER_FAILED = "TWERR"  # [502] Twilio failed or answered something unexpected

VERIFY_SERVICE_SID_VAR = "TWILIO_VERIFY_SERVICE_SID"
REQUIRED_VARS = (ACCOUNT_SID_VAR, AUTH_TOKEN_VAR, VERIFY_SERVICE_SID_VAR)

# Twilio error codes the user's request caused; anything else is ours or Twilio's problem.
INVALID_PARAMETER = 60200
MAX_CHECK_ATTEMPTS = 60202
MAX_SEND_ATTEMPTS = 60203
DELIVERY_BLOCKED = 60410
NOT_FOUND = 20404
AUTHENTICATE = 20003
USER_CAUSED = frozenset({INVALID_PARAMETER, MAX_CHECK_ATTEMPTS, MAX_SEND_ATTEMPTS,
                         DELIVERY_BLOCKED, NOT_FOUND})


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str
    auth_token: str
    verify_service_sid: str
    fake_base_url: str | None

    def __repr__(self) -> str:  # keep the token out of logs and tracebacks
        return (f"TwilioSettings(account_sid={self.account_sid!r}, auth_token=<set>, "
                f"verify_service_sid={self.verify_service_sid!r}, "
                f"fake_base_url={self.fake_base_url!r})")


@cache
def get_twilio_settings() -> TwilioSettings:
    """The Twilio settings; 503 CFGMS naming every missing variable (a failure is not cached)."""
    env = {name: os.environ.get(name, "").strip() for name in REQUIRED_VARS}
    missing = [name for name, value in env.items() if not value]
    service_health.record_configured(service_health.TWILIO_VERIFY, not missing)
    if missing:
        raise AppError(NOT_CONFIGURED, f"Missing settings: {', '.join(missing)}", 503,
                       detail={"missing": missing},
                       hint="Phone verification needs Twilio Verify; set them in the "
                            "function's environment (see .env.example).")
    return TwilioSettings(env[ACCOUNT_SID_VAR], env[AUTH_TOKEN_VAR], env[VERIFY_SERVICE_SID_VAR],
                          os.environ.get(FAKE_BASE_URL_VAR, "").strip() or None)


class VerifyRefused(Exception):
    """Twilio refused the request for a reason the user caused; record it, then answer."""

    def __init__(self, twilio_code: int, http_status: int, message: str) -> None:
        super().__init__(f"Twilio {http_status} {twilio_code}: {message}")
        self.twilio_code = twilio_code
        self.http_status = http_status
        self.message = message


@dataclass(frozen=True)
class Verification:
    sid: str
    status: str


class VerifyService:
    """The two Verify v2 calls the phone flow needs, with Twilio's errors classified."""

    def __init__(self, client: Client, service_sid: str) -> None:
        self._service = client.verify.v2.services(service_sid)

    def start(self, to: str, channel: str) -> Verification:
        try:
            created = self._service.verifications.create(to=to, channel=channel)
        except Exception as exc:
            raise _recorded(classify(exc)) from exc
        return Verification(str(created.sid), str(created.status))

    def check(self, to: str, code: str) -> Verification:
        try:
            checked = self._service.verification_checks.create(to=to, code=code)
        except Exception as exc:
            raise _recorded(classify(exc)) from exc
        return Verification(str(checked.sid), str(checked.status))


def classify(exc: Exception) -> Exception:
    """VerifyRefused for refusals the user caused; an AppError for everything else."""
    if isinstance(exc, TwilioRestException):
        code = exc.code if isinstance(exc.code, int) else None
        if exc.status == 401 or code == AUTHENTICATE:
            return AppError(NOT_CONFIGURED, "Twilio rejected the credentials", 503,
                            detail={"twilio_code": code, "invalid": [ACCOUNT_SID_VAR,
                                                                     AUTH_TOKEN_VAR]},
                            hint="Check the Twilio account SID and auth token.")
        if code in USER_CAUSED and 400 <= exc.status < 500:
            return VerifyRefused(code, exc.status, exc.msg)
        return AppError(PROVIDER_FAILED, "The verification provider failed", 502,
                        detail={"twilio_status": exc.status, "twilio_code": code},
                        hint="Nothing was changed; try again in a moment.")
    if isinstance(exc, TwilioException | OSError) or _is_requests_error(exc):
        return AppError(PROVIDER_FAILED, "The verification provider could not be reached", 502,
                        detail={"error": type(exc).__name__},
                        hint="Nothing was changed; try again in a moment.")
    return exc


def _recorded(error: Exception) -> Exception:
    """`error`, after noting it in the service's health when it is Twilio's failure, not the
    user's (ops_snapshot shows the last one)."""
    if isinstance(error, AppError):
        service_health.record_error(service_health.TWILIO_VERIFY, error.code, error.message)
    return error


def _is_requests_error(exc: Exception) -> bool:
    import requests

    return isinstance(exc, requests.RequestException)


@cache
def _verify_service(settings: TwilioSettings) -> VerifyService:
    client = make_client(settings.account_sid, settings.auth_token, settings.fake_base_url)
    return VerifyService(client, settings.verify_service_sid)


def get_verify() -> VerifyService:
    """The Verify service for the configured account, built on first use."""
    return _verify_service(get_twilio_settings())


def reset() -> None:
    """Forget settings and clients (tests, or a reloaded environment)."""
    get_twilio_settings.cache_clear()
    _verify_service.cache_clear()
