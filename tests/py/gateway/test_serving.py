"""How the gateway is served: HTTP/1.1 keep-alive, one TCP connection for many requests."""

from __future__ import annotations

from collections.abc import Callable

import httpx

RPC = "/rest/v1/rpc"


def connections_opened(gw_url: str, calls: Callable[[httpx.Client, dict], list[httpx.Response]],
                       ) -> tuple[list[httpx.Response], int]:
    """The answers of `calls` made on one client, and how many TCP connections it opened."""
    connects = []

    def trace(event: str, _info: dict) -> None:
        if event == "connection.connect_tcp.complete":
            connects.append(event)

    with httpx.Client(base_url=gw_url, timeout=30) as client:
        answers = calls(client, {"trace": trace})
    return answers, len(connects)


def test_requests_on_one_client_reuse_the_connection(gw_url):
    answers, opened = connections_opened(gw_url, lambda client, ext: [
        client.post(f"{RPC}/gw_add", json={"a": 1, "b": 2}, extensions=ext),
        client.get(f"{RPC}/gw_add", params={"a": 3, "b": 4}, extensions=ext),
        client.post(f"{RPC}/gw_void", extensions=ext),  # 204, no body
        client.get("/health", extensions=ext),
    ])
    assert [r.status_code for r in answers] == [200, 200, 204, 200]
    assert all(r.http_version == "HTTP/1.1" for r in answers)
    assert all(r.headers.get("connection", "").lower() != "close" for r in answers)
    assert opened == 1


def test_errors_keep_the_connection_open_too(gw_url):
    answers, opened = connections_opened(gw_url, lambda client, ext: [
        client.post(f"{RPC}/gw_nowhere", extensions=ext),
        client.post(f"{RPC}/gw_add", content=b"{not json",
                    headers={"Content-Type": "application/json"}, extensions=ext),
        client.post(f"{RPC}/gw_add", json={"a": 1, "b": 1}, extensions=ext),
    ])
    assert [r.status_code for r in answers] == [404, 400, 200]
    assert opened == 1
