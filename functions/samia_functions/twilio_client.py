"""The one way the functions build a Twilio SDK client, for Verify and Voice alike.

Production: the SDK's own HTTP client with a timeout (its default is to wait forever). Tests
set TWILIO_FAKE_BASE_URL and get `LoopbackTwilioHttpClient`, which rewrites
https://<product>[.<edge>][.<region>].twilio.com/<path> to <base>/<product>/<path>: the route
Twilio itself recommends for tests (a custom http_client), with the real SDK on the wire.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

ACCOUNT_SID_VAR = "TWILIO_ACCOUNT_SID"
AUTH_TOKEN_VAR = "TWILIO_AUTH_TOKEN"  # noqa: S105  (a variable name, not a secret)
FAKE_BASE_URL_VAR = "TWILIO_FAKE_BASE_URL"  # tests only: the loopback fake
TIMEOUT_SECONDS = 10.0


class LoopbackTwilioHttpClient(TwilioHttpClient):
    """https://<product>[.<edge>][.<region>].twilio.com/<path> -> <base>/<product>/<path>."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", 5)
        super().__init__(**kwargs)
        self._base = urlsplit(base_url.rstrip("/"))
        self.session.trust_env = False  # no proxy settings for loopback traffic

    def route(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.hostname and parts.hostname.endswith(".twilio.com"):
            product = parts.hostname.split(".")[0]
            url = urlunsplit((self._base.scheme, self._base.netloc,
                              f"{self._base.path}/{product}{parts.path}", parts.query, ""))
        return url

    def request(self, method: str, url: str, params: Any = None, data: Any = None,
                headers: Any = None, auth: Any = None, timeout: float | None = None,
                allow_redirects: bool = False) -> Any:
        url = self.route(url)
        return super().request(method, url, params=params, data=data, headers=headers,
                               auth=auth, timeout=timeout, allow_redirects=allow_redirects)


def fake_base_url() -> str | None:
    return os.environ.get(FAKE_BASE_URL_VAR, "").strip() or None


def make_client(account_sid: str, auth_token: str, fake_base: str | None) -> Client:
    """A Twilio client for the account, on the loopback fake when `fake_base` is given."""
    http_client = (LoopbackTwilioHttpClient(fake_base) if fake_base
                   else TwilioHttpClient(timeout=TIMEOUT_SECONDS))
    return Client(account_sid, auth_token, http_client=http_client)
