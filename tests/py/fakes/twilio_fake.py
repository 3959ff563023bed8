"""A loopback Twilio for tests: the real `twilio` SDK talks to it over HTTP on 127.0.0.1.

It speaks Twilio's wire format: form-encoded bodies, HTTP Basic auth
(401 20003 otherwise), JSON answers with Twilio's exact success statuses and its error body
`{"code", "message", "more_info", "status"}`. Routes are prefixed by product, as the SDK's
injected http_client produces them (`/verify/v2/...`, later `/api/2010-04-01/...`).

Products plug in as classes with `rules()` (werkzeug rules whose endpoints are their own
methods): `VoiceApi` (twilio_voice_fake.py: calls, conferences, participants, signed status
callbacks) sits beside `VerifyApi`: `TwilioFake(..., products=(VerifyApi, VoiceApi))`.

Test controls, in-process or over HTTP: the codes "sent" (`code_for(to)`, GET
`/_fake/verify/code?to=`), a clock (`advance(seconds)`, POST `/_fake/clock {"advance": N}`),
injected faults (`inject_fault(...)`, POST `/_fake/faults`), and every request recorded.
"""

from __future__ import annotations

import base64
import hmac
import json
import random
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
VERIFY_DATE = "%Y-%m-%dT%H:%M:%SZ"


def sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class Fault:
    method: str
    path_regex: str
    status: int
    code: int
    message: str
    times: int = 1
    after: int = 0  # let this many matching requests through first


class TwilioError(Exception):
    """Answered as Twilio's error JSON."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> Response:
        body = {"code": self.code, "message": self.message,
                "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
                "status": self.status}
        return Response(json.dumps(body), status=self.status, content_type="application/json")


def json_answer(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def form_value(form: dict[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[0] if values else None


class TwilioFake:
    """The server: auth, recording, faults, clock, and the products' routes."""

    def __init__(self, account_sid: str | None = None, auth_token: str | None = None,
                 verify_service_sid: str | None = None,
                 products: Iterable[Callable[[TwilioFake], Any]] | None = None,
                 seed: int = 1234) -> None:
        self.account_sid = account_sid or sid("AC")
        self.auth_token = auth_token or uuid.uuid4().hex
        self.verify_service_sid = verify_service_sid or sid("VA")
        self.requests: list[RecordedRequest] = []
        self.random = random.Random(seed)  # noqa: S311  (deterministic test codes, not secrets)
        self.lock = threading.RLock()
        self._faults: list[Fault] = []
        self._offset = timedelta()
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.products = [make(self) for make in (products or (VerifyApi,))]
        rules = [Rule("/_fake/clock", endpoint=self._control_clock, methods=["POST"]),
                 Rule("/_fake/faults", endpoint=self._control_faults, methods=["POST"])]
        for product in self.products:
            rules.extend(product.rules())
        self._map = Map(rules, strict_slashes=False)

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> TwilioFake:
        self._server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None

    def __enter__(self) -> TwilioFake:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def product(self, kind: type) -> Any:
        return next(p for p in self.products if isinstance(p, kind))

    # --- test controls ---------------------------------------------------------------------
    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> None:
        with self.lock:
            self._offset += timedelta(seconds=seconds)

    def inject_fault(self, method: str, path_regex: str, status: int, code: int,
                     message: str = "Injected fault", times: int = 1, after: int = 0) -> None:
        with self.lock:
            self._faults.append(Fault(method.upper(), path_regex, status, code, message, times,
                                      after))

    def requests_to(self, path_regex: str) -> list[RecordedRequest]:
        return [r for r in self.requests if re.search(path_regex, r.path)]

    def _control_clock(self, request: Request, form: dict, **_: Any) -> Response:
        self.advance(float((request.get_json(force=True) or {}).get("advance", 0)))
        return json_answer({"now": self.now().strftime(VERIFY_DATE)})

    def _control_faults(self, request: Request, form: dict, **_: Any) -> Response:
        spec = request.get_json(force=True) or {}
        self.inject_fault(spec.get("method", "POST"), spec["path_regex"], int(spec["status"]),
                          int(spec["code"]), spec.get("message", "Injected fault"),
                          int(spec.get("times", 1)), int(spec.get("after", 0)))
        return json_answer({"ok": True}, 201)

    # --- WSGI ------------------------------------------------------------------------------
    def wsgi(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        return self._answer(request)(environ, start_response)

    def _answer(self, request: Request) -> Response:
        body = request.get_data(as_text=True)
        form = (parse_qs(body, keep_blank_values=True)
                if request.mimetype == "application/x-www-form-urlencoded" else {})
        with self.lock:
            self.requests.append(RecordedRequest(
                request.method, request.path, parse_qs(request.query_string.decode()), form,
                dict(request.headers)))
        adapter = self._map.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except NotFound:
            return TwilioError(404, 20404,
                               f"The requested resource {request.path} was not found").response()
        except MethodNotAllowed:
            return TwilioError(405, 20004, "Method not allowed").response()
        except HTTPException as exc:  # e.g. a redirect for a trailing slash
            return exc.get_response()
        control = request.path.startswith("/_fake/")
        try:
            if not control:
                self._authenticate(request)
                self._maybe_fault(request)
            return endpoint(request, form, **args)
        except TwilioError as exc:
            return exc.response()

    def _authenticate(self, request: Request) -> None:
        expected = "Basic " + base64.b64encode(
            f"{self.account_sid}:{self.auth_token}".encode()).decode()
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise TwilioError(401, 20003, "Authenticate")

    def _maybe_fault(self, request: Request) -> None:
        with self.lock:
            for fault in self._faults:
                if (fault.times > 0 and fault.method == request.method
                        and re.search(fault.path_regex, request.path)):
                    if fault.after > 0:
                        fault.after -= 1
                        continue
                    fault.times -= 1
                    raise TwilioError(fault.status, fault.code, fault.message)


@dataclass
class FakeVerification:
    sid: str
    to: str
    channel: str
    code: str
    created: datetime
    updated: datetime
    status: str = "pending"
    sends: list[dict[str, str]] = field(default_factory=list)
    checks: int = 0


class VerifyApi:
    """Verify v2: start, check, update and fetch verifications."""

    LIFETIME = timedelta(minutes=10)
    MAX_SENDS = 5
    MAX_CHECKS = 5
    CHANNELS = ("sms", "call", "email", "whatsapp", "sna")

    def __init__(self, fake: TwilioFake) -> None:
        self.fake = fake
        self.verifications: dict[str, FakeVerification] = {}  # by sid, every one ever made
        self.blocked_prefixes: tuple[str, ...] = ("+99",)

    def rules(self) -> list[Rule]:
        base = "/verify/v2/Services/<service>"
        return [
            Rule(f"{base}/Verifications", endpoint=self.create, methods=["POST"]),
            Rule(f"{base}/VerificationCheck", endpoint=self.check, methods=["POST"]),
            Rule(f"{base}/Verifications/<key>", endpoint=self.update, methods=["POST"]),
            Rule(f"{base}/Verifications/<key>", endpoint=self.fetch, methods=["GET"]),
            Rule("/_fake/verify/code", endpoint=self.control_code, methods=["GET"]),
        ]

    # --- for tests -------------------------------------------------------------------------
    def code_for(self, to: str) -> str:
        """The code last "sent" to `to`."""
        with self.fake.lock:
            found = [v for v in self.verifications.values() if v.to == to]
        if not found:
            raise KeyError(f"no code was sent to {to}")
        return max(found, key=lambda v: v.created).code

    def sent_count(self, to: str) -> int:
        with self.fake.lock:
            return sum(len(v.sends) for v in self.verifications.values() if v.to == to)

    def control_code(self, request: Request, form: dict, **_: Any) -> Response:
        try:
            return json_answer({"to": request.args["to"],
                                "code": self.code_for(request.args["to"])})
        except KeyError as exc:
            raise TwilioError(404, 20404, str(exc)) from exc

    # --- helpers ---------------------------------------------------------------------------
    def _service(self, service: str, path: str) -> None:
        if service != self.fake.verify_service_sid:
            raise TwilioError(404, 20404, f"The requested resource {path} was not found")

    def _pending(self, to: str | None = None, verification_sid: str | None = None
                 ) -> FakeVerification | None:
        now = self.fake.now()
        for v in self.verifications.values():
            if v.status == "pending" and now - v.created >= self.LIFETIME:
                v.status = "expired"  # Twilio deletes it; fetching it then is a 404
        for v in self.verifications.values():
            if v.status == "pending" and (v.sid == verification_sid or
                                          (verification_sid is None and v.to == to)):
                return v
        return None

    def _body(self, v: FakeVerification, *, check: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {
            "sid": v.sid, "service_sid": self.fake.verify_service_sid,
            "account_sid": self.fake.account_sid, "to": v.to, "channel": v.channel,
            "status": v.status, "valid": v.status == "approved", "amount": None, "payee": None,
            "date_created": v.created.strftime(VERIFY_DATE),
            "date_updated": v.updated.strftime(VERIFY_DATE),
        }
        if check:
            body["sna_attempts_error_codes"] = []
        else:
            body.update({"lookup": {}, "send_code_attempts": v.sends, "sna": None,
                         "url": "https://verify.twilio.com/v2/Services/"
                                f"{self.fake.verify_service_sid}/Verifications/{v.sid}"})
        return body

    # --- routes ----------------------------------------------------------------------------
    def create(self, request: Request, form: dict, service: str) -> Response:
        self._service(service, request.path)
        to, channel = form_value(form, "To"), form_value(form, "Channel")
        if not to or not E164.match(to):
            raise TwilioError(400, 60200, "Invalid parameter: To")
        if channel not in self.CHANNELS:
            raise TwilioError(400, 60200, "Invalid parameter: Channel")
        if to.startswith(self.blocked_prefixes):
            raise TwilioError(403, 60410, "Verification delivery attempt blocked")
        now = self.fake.now()
        with self.fake.lock:
            v = self._pending(to=to)
            if v is not None and len(v.sends) >= self.MAX_SENDS:
                raise TwilioError(429, 60203, "Max send attempts reached")
            if v is None:
                v = FakeVerification(sid("VE"), to, channel,
                                     f"{self.fake.random.randrange(10**6):06d}", now, now)
                self.verifications[v.sid] = v
            v.channel, v.updated = channel, now
            v.sends.append({"time": now.strftime(VERIFY_DATE), "channel": channel.upper(),
                            "attempt_sid": sid("VL")})
            return json_answer(self._body(v), 201)

    def check(self, request: Request, form: dict, service: str) -> Response:
        self._service(service, request.path)
        to, code = form_value(form, "To"), form_value(form, "Code")
        verification_sid = form_value(form, "VerificationSid")
        with self.fake.lock:
            v = self._pending(to=to, verification_sid=verification_sid)
            if v is None:
                raise TwilioError(404, 20404, f"The requested resource {request.path} was not "
                                              "found")
            if not code or not 4 <= len(code) <= 10:
                raise TwilioError(400, 60200, "Invalid parameter: Code")
            v.checks += 1
            if v.checks > self.MAX_CHECKS:
                v.status = "max_attempts_reached"
                raise TwilioError(429, 60202, "Max check attempts reached")
            v.updated = self.fake.now()
            if hmac.compare_digest(code, v.code):
                v.status = "approved"
            answer = self._body(v, check=True)
            return json_answer(answer, 200)

    def update(self, request: Request, form: dict, service: str, key: str) -> Response:
        self._service(service, request.path)
        status = form_value(form, "Status")
        if status not in ("canceled", "approved"):
            raise TwilioError(400, 60200, "Invalid parameter: Status")
        with self.fake.lock:
            v = self._pending(to=key) if key.startswith("+") else self._pending(
                verification_sid=key)
            if v is None:
                raise TwilioError(404, 20404, f"The requested resource {request.path} was not "
                                              "found")
            v.status, v.updated = status, self.fake.now()
            return json_answer(self._body(v))

    def fetch(self, request: Request, form: dict, service: str, key: str) -> Response:
        self._service(service, request.path)
        with self.fake.lock:
            self._pending()  # expire what is due
            v = self.verifications.get(key)
            if v is None or v.status != "pending":
                raise TwilioError(404, 20404, f"The requested resource {request.path} was not "
                                              "found")
            return json_answer(self._body(v))
