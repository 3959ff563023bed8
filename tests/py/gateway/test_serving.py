"""How the gateway is served: HTTP/1.1 keep-alive, one TCP connection for many requests."""

from __future__ import annotations

import httpx

RPC = "/rest/v1/rpc"


def test_requests_on_one_client_reuse_the_connection(gw_url):
    connects = []

    def trace(event: str, _info: dict) -> None:
        if event == "connection.connect_tcp.complete":
            connects.append(event)

    with httpx.Client(base_url=gw_url, timeout=30) as client:
        answers = [
            client.post(f"{RPC}/gw_add", json={"a": 1, "b": 2}, extensions={"trace": trace}),
            client.get(f"{RPC}/gw_add", params={"a": 3, "b": 4}, extensions={"trace": trace}),
            client.post(f"{RPC}/gw_void", extensions={"trace": trace}),  # 204, no body
            client.get("/health", extensions={"trace": trace}),
        ]
    assert [r.status_code for r in answers] == [200, 200, 204, 200]
    assert all(r.http_version == "HTTP/1.1" for r in answers)
    assert all(r.headers.get("connection", "").lower() != "close" for r in answers)
    assert len(connects) == 1


def test_errors_keep_the_connection_open_too(gw_url):
    connects = []

    def trace(event: str, _info: dict) -> None:
        if event == "connection.connect_tcp.complete":
            connects.append(event)

    with httpx.Client(base_url=gw_url, timeout=30) as client:
        missing = client.post(f"{RPC}/gw_nowhere", extensions={"trace": trace})
        refused = client.post(f"{RPC}/gw_add", content=b"{not json",
                              headers={"Content-Type": "application/json"},
                              extensions={"trace": trace})
        fine = client.post(f"{RPC}/gw_add", json={"a": 1, "b": 1}, extensions={"trace": trace})
    assert [r.status_code for r in (missing, refused, fine)] == [404, 400, 200]
    assert len(connects) == 1
