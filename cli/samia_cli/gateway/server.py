"""Serving the gateway: cheroot (CherryPy's WSGI server, pure Python, no build step), a pool
of worker threads and HTTP/1.1 keep-alive, so a client reuses one TCP connection across
requests as it does with Kong. Idle keep-alive connections wait in cheroot's selector, not in
a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from cheroot import wsgi

from .functions import WsgiApp

# Worker threads. Each holds at most one pooled database connection at a time, so the
# gateway's pool is this size (create_app's default); the in-process functions have their own.
THREADS = 16
# Accepted but not yet served connections the kernel queues (listen backlog).
BACKLOG = 128


def make_server(app: WsgiApp, host: str, port: int,
                threads: int = THREADS) -> wsgi.Server:
    """A bound, listening server (port 0 picks a free port: read `server.bind_addr`); call
    `serve()` to answer requests and `stop()` to end."""
    server = wsgi.Server((host, port), app, numthreads=threads, server_name="samia-gateway",
                         request_queue_size=BACKLOG)
    server.prepare()
    return server


@contextmanager
def serving(app: WsgiApp, host: str = "127.0.0.1", port: int = 0,
            threads: int = THREADS) -> Iterator[str]:
    """Serve `app` from a background thread for the block (tests, benchmarks); yields the base
    URL."""
    server = make_server(app, host, port, threads)
    thread = threading.Thread(target=server.serve, daemon=True, name="samia-gateway")
    thread.start()
    try:
        yield f"http://{host}:{server.bind_addr[1]}"
    finally:
        server.stop()
