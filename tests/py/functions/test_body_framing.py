"""The body reader both edges share (samia_functions.edge.body_limit): a body framed two ways,
or a chunked body the server's reader cannot decode, is a 400 that closes the connection."""

from __future__ import annotations

import io

import pytest

from samia_functions.edge.body_limit import buffer_body
from samia_functions.errors import AppError


class BrokenChunks(io.RawIOBase):
    """What a WSGI server's chunked reader does with a malformed chunk size."""

    def read(self, _size: int = -1) -> bytes:
        raise ValueError("Bad chunked transfer size: b'zz'")


def refusal(environ: dict) -> AppError:
    with pytest.raises(AppError) as caught:
        buffer_body(environ, 1024)
    return caught.value


def test_content_length_with_chunked_is_refused():
    error = refusal({"wsgi.input": io.BytesIO(b"{}"), "CONTENT_LENGTH": "2",
                     "HTTP_TRANSFER_ENCODING": "chunked"})
    assert (error.status, error.code, error.headers) == (400, "BADRQ", {"Connection": "close"})
    assert "Transfer-Encoding" in error.message


def test_a_malformed_chunked_body_is_refused():
    error = refusal({"wsgi.input": BrokenChunks(), "HTTP_TRANSFER_ENCODING": "chunked"})
    assert (error.status, error.code, error.headers) == (400, "BADRQ", {"Connection": "close"})
    assert error.message == "Invalid chunked request body"
