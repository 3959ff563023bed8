"""One table of hostile requests, run against both HTTP edges (tests/py/gateway and
tests/py/functions), each with the status and code that edge must answer.

Each edge sends them to an endpoint that reads a JSON body: the gateway to an RPC taking one
jsonb argument, the functions to the jobs entry point (with its token, so the body is read).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"
ONE_MIB = 1024 * 1024
OVERSIZED = b'{"a": "' + b"x" * ONE_MIB + b'"}'


@dataclass(frozen=True)
class Attack:
    name: str
    body: bytes = b"{}"
    path: str = ""  # appended to the edge's endpoint
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    chunked: bool = False  # no Content-Length: the body ends with the stream, as when chunked
    gateway: tuple[int, str] = (400, "")
    functions: tuple[int, str] = (400, "")

    def request(self, base: str, headers: dict[str, str]) -> dict[str, Any]:
        """Keyword arguments for the `open` of a werkzeug test client without a cookie jar."""
        all_headers = {"Content-Type": self.content_type, **headers, **self.headers}
        url = base + self.path + (f"?{self.query}" if self.query else "")
        if self.chunked:
            return {"path": url, "method": "POST", "headers": all_headers,
                    "input_stream": io.BytesIO(self.body),
                    # what a WSGI server passes on for a chunked body: no length, and an input
                    # that ends where the body does
                    "environ_overrides": {"wsgi.input_terminated": True, "CONTENT_LENGTH": "",
                                          "HTTP_TRANSFER_ENCODING": "chunked"}}
        return {"path": url, "method": "POST", "headers": all_headers, "data": self.body}


def assert_json_error(r, status: int, code: str) -> dict:
    """`r` (a werkzeug test response) is the JSON error body with that status and code."""
    assert r.status_code == status, r.get_data(as_text=True)[:500]
    assert r.mimetype == JSON
    body = r.get_json()
    assert body["code"] == code
    assert set(body) == {"code", "message", "details", "hint"}
    return body


def _nested(depth: int) -> bytes:
    return b'{"a": ' + b"[" * depth + b"]" * depth + b"}"


BAD_JSON = {"gateway": (400, "PGRST102"), "functions": (400, "BADRQ")}
# the gateway answers what PostgREST's database would (22021), the functions their own code
NUL = {"gateway": (400, "22021"), "functions": (400, "RQNUL")}
TOO_LARGE = {"gateway": (413, "RQTLG"), "functions": (413, "RQTLG")}

ATTACKS = [
    Attack("json nested past Python's recursion limit", b"[" * 100_000 + b"]" * 100_000,
           **BAD_JSON),
    Attack("objects nested past Python's recursion limit",
           b'{"a": ' * 5000 + b"1" + b"}" * 5000, **BAD_JSON),
    Attack("json one level deeper than allowed", _nested(100), **BAD_JSON),
    Attack("malformed json", b'{"a": ', **BAD_JSON),
    Attack("a raw NUL byte inside the json text", b'{"a": "x\x00y"}', **BAD_JSON),
    Attack("an escaped NUL in a json string", b'{"a": "x\\u0000y"}', **NUL),
    Attack("an escaped NUL in a json key", b'{"a\\u0000": 1}', **NUL),
    Attack("a NUL byte in the path", path="%00x", **NUL),
    Attack("a NUL byte in a query parameter", query="a=x%00y", **NUL),
    Attack("a NUL byte in a query parameter name", query="a%00=1", **NUL),
    Attack("a NUL byte in a header", headers={"Prefer": "return=x\x00y"}, **NUL),
    Attack("a NUL byte in a cookie", headers={"Cookie": 'sid="a\\000b"'}, **NUL),
    Attack("a body over the limit, with Content-Length", OVERSIZED, **TOO_LARGE),
    Attack("a body over the limit, chunked", OVERSIZED, chunked=True, **TOO_LARGE),
    Attack("a NUL byte in a form body", b"a=x%00y",
           content_type="application/x-www-form-urlencoded",
           gateway=(400, "22021"), functions=(400, "BADRQ")),
    Attack("a NUL byte in a text body", b"x\x00y", content_type="text/plain",
           gateway=(400, "22021"), functions=(400, "BADRQ")),
    Attack("an unsupported content type", b"<html></html>", content_type="text/html",
           gateway=(415, "PGRST107"), functions=(400, "BADRQ")),
]
