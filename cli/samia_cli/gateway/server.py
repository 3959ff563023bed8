"""Serving the gateway: cheroot (CherryPy's WSGI server, pure Python, no build step), a pool
of worker threads and HTTP/1.1 keep-alive, so a client reuses one TCP connection across
requests as it does with Kong. Idle keep-alive connections wait in cheroot's selector, not in
a worker thread.
"""

from __future__ import annotations

import email.utils
import functools
import select
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from cheroot import server as cheroot_server
from cheroot import wsgi
from werkzeug.exceptions import default_exceptions

from samia_functions.edge.http_errors import from_http_exception
from samia_functions.errors import BAD_REQUEST

from .functions import WsgiApp
from .socket_files import make_file

# Worker threads. Each holds at most one pooled database connection at a time, so the
# gateway's pool is this size (create_app's default); the in-process functions have their own.
THREADS = 16
# How long a worker waits for the next request of the connection it has just answered (see
# _JsonErrorConnection.communicate), and how many other workers must then still be idle.
NEXT_REQUEST_WAIT_MS = 2
SPARE_WORKERS = 2
# Accepted but not yet served connections the kernel queues (listen backlog).
BACKLOG = 128
# The request line and headers together (cheroot's default is no limit at all): past it,
# 414 for a long request line, 413 for long headers.
MAX_HEADER_BYTES = 1024 * 1024


class _OneContentLength(dict):
    """Request headers as cheroot reads them, except that a second Content-Length is refused
    (cheroot keeps the last one): two lengths are two framings of one body, what request
    smuggling is made of."""

    def __setitem__(self, key: bytes, value: bytes) -> None:
        if key == b"Content-Length" and key in self:
            raise ValueError("More than one Content-Length header")  # cheroot answers 400
        super().__setitem__(key, value)


class _JsonErrorRequest(cheroot_server.HTTPRequest):
    """cheroot's own answers (a malformed request line, a URL or headers too long, an
    unsupported Transfer-Encoding, a crash outside the app) as JSON errors with a code, like
    every other answer, instead of its plain-text pages."""

    def simple_response(self, status, msg=""):
        code = int(str(status)[:3])
        error = from_http_exception(default_exceptions.get(code, default_exceptions[500])())
        error.status = code
        if code == 501:  # an unsupported Transfer-Encoding: the client's fault, not ours
            error.code = BAD_REQUEST
        if msg:
            error.details = msg if isinstance(msg, str) else msg.decode("latin-1")
        body = error.to_response().get_data()
        head = [f"{self.server.protocol} {status}", f"Content-Length: {len(body)}",
                "Content-Type: application/json; charset=utf-8"]
        if code in (413, 414) or code >= 500:
            self.close_connection = True
            head.append("Connection: close")
        try:
            self.conn.wfile.write("\r\n".join([*head, "", ""]).encode("latin-1") + body)
        except OSError as exc:
            if exc.args and exc.args[0] not in cheroot_server.errors.socket_errors_to_ignore:
                raise

    def read_request_headers(self):
        self.inheaders = _OneContentLength(self.inheaders)
        return super().read_request_headers()

    def send_headers(self):
        """An app's `Connection: close` (a request body it could not read to its end) closes
        the connection: what follows on it is not a request. The Date header is written once
        a second rather than formatted for every answer, as cheroot would."""
        if any(k.lower() == b"connection" and v.lower() == b"close" for k, v in self.outheaders):
            self.close_connection = True
        if not any(k.lower() == b"date" for k, _ in self.outheaders):
            self.outheaders.append((b"Date", _http_date(int(time.time()))))
        super().send_headers()


@functools.lru_cache(maxsize=2)
def _http_date(second: int) -> bytes:
    return email.utils.formatdate(second, usegmt=True).encode("ascii")


class _JsonErrorConnection(cheroot_server.HTTPConnection):
    RequestHandlerClass = _JsonErrorRequest

    def __init__(self, server, sock, makefile=None) -> None:
        super().__init__(server, sock, make_file)  # C io, not cheroot's pure-Python one

    def communicate(self) -> bool:
        """Requests of this connection, for as long as the next one follows promptly.

        cheroot hands a keep-alive connection back to its selector thread after every answer;
        the selector then wakes, queues it, and a worker thread wakes to read the next
        request: two thread hand-offs per request, on a small machine a tenth of the
        gateway's CPU. A client calling back to back has sent its next request within a
        millisecond or two, so the worker waits that long for it itself, while other workers
        are free for other connections; otherwise the connection goes back as usual."""
        keep_open = super().communicate()
        while keep_open and self._next_request_soon():
            keep_open = super().communicate()
        return keep_open

    def _next_request_soon(self) -> bool:
        if self.rfile.has_data():
            return True
        workers = self.server.requests
        if workers.qsize or workers.idle < SPARE_WORKERS:
            return False  # others are waiting for a worker, or soon could be
        poller = select.poll()
        poller.register(self.socket, select.POLLIN)
        return bool(poller.poll(NEXT_REQUEST_WAIT_MS))


def make_server(app: WsgiApp, host: str, port: int,
                threads: int = THREADS) -> wsgi.Server:
    """A bound, listening server (port 0 picks a free port: read `server.bind_addr`); call
    `serve()` to answer requests and `stop()` to end."""
    server = wsgi.Server((host, port), app, numthreads=threads, server_name="samia-gateway",
                         request_queue_size=BACKLOG)
    server.ConnectionClass = _JsonErrorConnection
    server.max_request_header_size = MAX_HEADER_BYTES
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
