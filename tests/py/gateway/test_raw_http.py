"""HTTP the clients would never send, written on a raw socket: what the server itself refuses
(cheroot, before the app) is a JSON error with a code too, a body framed two ways is refused,
and a connection whose framing broke serves nothing more."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

from samia_cli.gateway.server import MAX_HEADER_BYTES

JSON_BODY = b'{"a":1,"b":2}'
CHUNKED_BODY = b"%x\r\n" % len(JSON_BODY) + JSON_BODY + b"\r\n0\r\n\r\n"
WHOAMI = b"GET /rest/v1/rpc/gw_whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def exchange(gw_url: str, data: bytes) -> bytes:
    """Everything the server answers to `data` until it closes the connection."""
    url = urlsplit(gw_url)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(data)
        out = b""
        while chunk := sock.recv(65536):
            out += chunk
    return out


def answers(raw: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    """The (status, headers, body) of each answer in `raw` (bodies with Content-Length)."""
    found = []
    while raw:
        head, _, rest = raw.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
        length = int(headers.get("content-length", "0"))
        found.append((int(status_line.split()[1]), headers, rest[:length]))
        raw = rest[length:]
    return found


def only_error(raw: bytes, status: int, code: str) -> dict:
    (got, headers, body), = answers(raw)
    assert got == status, raw[:300]
    assert headers["content-type"].startswith("application/json"), raw[:300]
    error = json.loads(body)
    assert error["code"] == code, error
    assert set(error) == {"code", "message", "details", "hint"}
    return error


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET /health\r\n\r\n",  # HTTP/0.9
    b"GET http://elsewhere.example/health HTTP/1.1\r\nHost: x\r\n\r\n",
], ids=["malformed", "http-0.9", "absolute-uri"])
def test_a_request_line_cheroot_refuses_is_a_json_error(gw_url, request_bytes):
    only_error(exchange(gw_url, request_bytes), 400, "BADRQ")


def test_a_url_over_the_header_limit_is_a_json_414(gw_url):
    line = b"GET /rest/v1/rpc/gw_add?a=" + b"1" * MAX_HEADER_BYTES + b" HTTP/1.1\r\n"
    only_error(exchange(gw_url, line + b"Host: x\r\n\r\n"), 414, "BADRQ")


def test_headers_over_the_limit_are_a_json_413(gw_url):
    header = b"X-Big: " + b"a" * MAX_HEADER_BYTES + b"\r\n"
    only_error(exchange(gw_url, b"GET /health HTTP/1.1\r\nHost: x\r\n" + header + b"\r\n"),
               413, "RQTLG")


def test_a_long_url_under_the_limit_is_served(gw_url):
    """100 000 values in one `in` list: a 200 KB query string."""
    values = b",".join([b"1"] * 100_000)
    raw = exchange(gw_url, b"GET /rest/v1/rpc/gw_series?n=3&i=in.(" + values
                   + b") HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    (status, _, body), = answers(raw)
    assert (status, json.loads(body)) == (200, [{"i": 1, "label": "n1"}])


def test_an_unsupported_transfer_encoding_is_a_json_501(gw_url):
    raw = exchange(gw_url, b"POST /rest/v1/rpc/gw_add HTTP/1.1\r\nHost: x\r\n"
                           b"Transfer-Encoding: gzip\r\n\r\n")
    only_error(raw, 501, "BADRQ")


def test_content_length_with_chunked_is_refused_and_the_connection_closed(gw_url, service_key):
    """Request smuggling: the pipelined request after the body is never served."""
    raw = exchange(gw_url, b"POST /rest/v1/rpc/gw_add HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nContent-Length: 5\r\n"
                           b"Transfer-Encoding: chunked\r\n"
                           b"Authorization: Bearer " + service_key.encode() + b"\r\n\r\n"
                           + CHUNKED_BODY + WHOAMI)
    error = only_error(raw, 400, "BADRQ")
    assert "Transfer-Encoding" in error["message"]


def test_two_content_lengths_are_refused_before_the_app(gw_url):
    raw = exchange(gw_url, b"POST /rest/v1/rpc/gw_add HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nContent-Length: 13\r\n"
                           b"Content-Length: 5\r\n\r\n" + JSON_BODY + WHOAMI)
    error = only_error(raw, 400, "BADRQ")
    assert error["details"] == "More than one Content-Length header"


def test_a_malformed_chunked_body_is_a_json_400_and_the_connection_closed(gw_url):
    raw = exchange(gw_url, b"POST /rest/v1/rpc/gw_add HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                           b"zz\r\n" + WHOAMI)
    only_error(raw, 400, "BADRQ")


def test_a_well_formed_chunked_body_is_served(gw_url):
    raw = exchange(gw_url, b"POST /rest/v1/rpc/gw_add HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                           b"Connection: close\r\n\r\n" + CHUNKED_BODY)
    (status, _, body), = answers(raw)
    assert (status, body) == (200, b"3")


def test_pipelined_requests_never_share_an_identity(gw_url, service_key):
    """Two requests on one connection (one pooled database connection likely serves both):
    the second, without a token, is anon; nothing of the first's role or claims is left."""
    raw = exchange(gw_url, b"GET /rest/v1/rpc/gw_whoami HTTP/1.1\r\nHost: x\r\n"
                           b"Authorization: Bearer " + service_key.encode() + b"\r\n\r\n"
                           + WHOAMI)
    (first_status, _, first), (second_status, _, second) = answers(raw)
    assert (first_status, second_status) == (200, 200)
    assert json.loads(first)["role"] == "service_role"
    seen = json.loads(second)
    assert (seen["role"], seen["claims"]) == ("anon", {"role": "anon"})
    assert "authorization" not in seen["headers"]
