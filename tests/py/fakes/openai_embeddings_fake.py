"""A loopback OpenAI-compatible embeddings endpoint (POST /v1/embeddings) for the real `openai`
client: OpenAI's request and answer shapes, bearer-key check and error body. Vectors are
deterministic (a hash of the text spread over the dimensions), so equal texts embed equally.
Test controls: `failures` answers that many next requests with a 500, `requests` records
the bodies.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

API_KEY = "sk-loopback-embeddings"


def vector_for(text: str, dimensions: int) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    raw = [digest[i % len(digest)] / 255 - 0.5 + i * 1e-3 for i in range(dimensions)]
    norm = sum(x * x for x in raw) ** 0.5
    return [x / norm for x in raw]


class EmbeddingsFake:
    def __init__(self, default_dimensions: int = 8) -> None:
        self.default_dimensions = default_dimensions
        self.requests: list[dict[str, Any]] = []
        self.failures = 0
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> EmbeddingsFake:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)

    @staticmethod
    def _error(status: int, message: str, kind: str) -> Response:
        body = {"error": {"message": message, "type": kind, "param": None, "code": None}}
        return Response(json.dumps(body), status=status, content_type="application/json")

    @Request.application
    def _app(self, request: Request) -> Response:
        if request.method != "POST" or request.path != "/v1/embeddings":
            return self._error(404, "Unknown path", "invalid_request_error")
        if request.headers.get("Authorization") != f"Bearer {API_KEY}":
            return self._error(401, "Incorrect API key provided", "invalid_request_error")
        body = request.get_json()
        self.requests.append(body)
        if self.failures:
            self.failures -= 1
            return self._error(500, "The server had an error", "server_error")
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        dimensions = body.get("dimensions") or self.default_dimensions
        data = [{"object": "embedding", "index": i, "embedding": vector_for(t, dimensions)}
                for i, t in enumerate(texts)]
        answer = {"object": "list", "data": data, "model": body["model"],
                  "usage": {"prompt_tokens": len(texts), "total_tokens": len(texts)}}
        return Response(json.dumps(answer), content_type="application/json")
