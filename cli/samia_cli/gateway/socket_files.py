"""The socket's read and write sides as cheroot uses them, on CPython's C `io` classes.

cheroot builds its own on `_pyio`, the pure-Python implementation of `io`: reading the request
line and headers through it, one `readline` at a time, was about an eighth of the gateway's CPU
per request. The C `BufferedReader` does the same buffering and line splitting natively.
"""

from __future__ import annotations

import io
import socket


class _Raw(socket.SocketIO):
    """The socket as a raw stream that can say "no data yet" instead of waiting for it."""

    peeking = False

    def readinto(self, buffer) -> int | None:
        if self.peeking:
            return None  # BufferedReader.peek then answers b"" rather than blocking
        return super().readinto(buffer)


class SocketReader(io.BufferedReader):
    """What cheroot's StreamReader offers: reads counted in `bytes_read`, and `has_data()`,
    whether a request already sits in the buffer (a pipelined one, which the selector cannot
    see in the kernel's socket buffer)."""

    def __init__(self, sock: socket.socket, bufsize: int = io.DEFAULT_BUFFER_SIZE) -> None:
        super().__init__(_Raw(sock, "rb"), bufsize)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def has_data(self) -> bool:
        raw = self.raw
        raw.peeking = True
        try:
            return bool(self.peek(1))  # only what is buffered: the raw stream answers None
        finally:
            raw.peeking = False


class SocketWriter:
    """What cheroot's StreamWriter offers: each write sent whole before it returns (cheroot
    writes the head, then the body, and expects both on the wire), counted in
    `bytes_written`."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.bytes_written = 0

    def write(self, data: bytes) -> int:
        self._sock.sendall(data)
        self.bytes_written += len(data)
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered."""

    def close(self) -> None:
        """The connection closes the socket itself."""


def make_file(sock: socket.socket, mode: str = "r",
              bufsize: int = io.DEFAULT_BUFFER_SIZE) -> SocketReader | SocketWriter:
    """cheroot's `makefile(sock, mode, bufsize)` signature."""
    return SocketReader(sock, bufsize) if "r" in mode else SocketWriter(sock)
