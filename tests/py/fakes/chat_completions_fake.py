"""A loopback OpenAI-compatible chat-completions API for tests: the real `openai` client talks
to it over HTTP on 127.0.0.1 (base URL `<base_url>/v1`).

It speaks the wire format of POST /v1/chat/completions: a bearer key (401 with OpenAI's error
body `{"error": {"message", "type", "param", "code"}}` otherwise), `n` choices, and with
`logprobs: true` each choice's `logprobs.content`: per token `{token, logprob, bytes,
top_logprobs: [{token, logprob, bytes}, ...]}` with `top_logprobs` alternatives, the chosen
token first, as OpenAI and vLLM answer.

Test controls: `replies` (what the choices say, cycled when `n` asks for more), each with how
sure the "model" is of its tokens, and optionally a hesitant stretch; injected faults
(`fail(status, times)`, `delay(seconds, times)`, `omit_logprobs(times)`, `garbage(times)`,
`answer_raw(body, times)`: any JSON text, for answers in the wrong shape);
and every request recorded (`requests`).
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

_TOKEN = re.compile(r"\s*\S+")  # a word with the white space before it: one token here


@dataclass(frozen=True)
class Reply:
    """One choice's text. `sure` is the probability of each chosen token; the rest of the mass
    is spread evenly over the other alternatives. Tokens `hesitant` (a start, end range) get
    `hesitant_sure` instead: a confused stretch, which DeepConf's lowest windows catch."""

    text: str
    sure: float = 0.95
    hesitant: tuple[int, int] | None = None
    hesitant_sure: float = 0.3


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class _Faults:
    fail: list[int] = field(default_factory=list)  # HTTP statuses, one per request
    delays: list[float] = field(default_factory=list)
    omit_logprobs: int = 0
    garbage: int = 0
    raw: list[str] = field(default_factory=list)  # answer bodies, one per request


def _error(status: int, message: str, kind: str, code: str | None = None) -> Response:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return Response(json.dumps(body), status=status, content_type="application/json")


def _alternatives(token: str, sure: float, k: int) -> list[dict[str, Any]]:
    others = max(k - 1, 1)
    rest = max(1.0 - sure, 1e-9) / others
    alternatives = [(token, sure)] + [(f"{token.strip()}~{i}", rest) for i in range(1, k)]
    return [{"token": t, "logprob": math.log(p), "bytes": list(t.encode())}
            for t, p in alternatives]


class ChatCompletionsFake:
    """The server: key check, recording, faults, and the completions route."""

    def __init__(self, api_key: str | None = None,
                 replies: Iterable[Reply] = (Reply("The cards speak of change."),)) -> None:
        self.api_key = api_key or f"sk-test-{uuid.uuid4().hex}"
        self.replies = list(replies)
        self.requests: list[RecordedRequest] = []
        self.lock = threading.Lock()
        self._faults = _Faults()
        self._server: Any = None

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> ChatCompletionsFake:
        self._server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None

    def __enter__(self) -> ChatCompletionsFake:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What the openai client takes as base_url."""
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    # --- test controls ---------------------------------------------------------------------
    def fail(self, status: int, times: int = 1) -> None:
        with self.lock:
            self._faults.fail.extend([status] * times)

    def delay(self, seconds: float, times: int = 1) -> None:
        with self.lock:
            self._faults.delays.extend([seconds] * times)

    def omit_logprobs(self, times: int = 1) -> None:
        with self.lock:
            self._faults.omit_logprobs += times

    def garbage(self, times: int = 1) -> None:
        """Answer 200 with a body that is not JSON."""
        with self.lock:
            self._faults.garbage += times

    def answer_raw(self, body: str, times: int = 1) -> None:
        """Answer 200 with this exact JSON text: a server that speaks the format badly."""
        with self.lock:
            self._faults.raw.extend([body] * times)

    # --- WSGI ------------------------------------------------------------------------------
    def wsgi(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        return self._answer(Request(environ))(environ, start_response)

    def _answer(self, request: Request) -> Response:
        try:
            body = json.loads(request.get_data(as_text=True) or "{}")
        except ValueError:
            body = None
        with self.lock:
            self.requests.append(RecordedRequest(request.path, dict(request.headers),
                                                 body if isinstance(body, dict) else {}))
            delay = self._faults.delays.pop(0) if self._faults.delays else 0.0
            status = self._faults.fail.pop(0) if self._faults.fail else None
            garbage = self._faults.garbage > 0
            self._faults.garbage -= 1 if garbage else 0
            omit = self._faults.omit_logprobs > 0
            self._faults.omit_logprobs -= 1 if omit else 0
            raw = self._faults.raw.pop(0) if self._faults.raw else None
        if delay:
            time.sleep(delay)
        if request.path != "/v1/chat/completions" or request.method != "POST":
            return _error(404, f"Unknown path {request.path}", "invalid_request_error")
        if request.headers.get("Authorization", "") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided", "invalid_request_error",
                          "invalid_api_key")
        if status is not None:
            return _error(status, "Injected fault", "server_error" if status >= 500
                          else "invalid_request_error")
        if garbage:
            return Response("<html>upstream hiccup</html>", status=200,
                            content_type="application/json")
        if raw is not None:
            return Response(raw, status=200, content_type="application/json")
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list) \
                or not body.get("model"):
            return _error(400, "model and messages are required", "invalid_request_error")
        return self._completion(body, with_logprobs=bool(body.get("logprobs")) and not omit)

    def _completion(self, body: dict[str, Any], with_logprobs: bool) -> Response:
        n = int(body.get("n") or 1)
        k = int(body.get("top_logprobs") or 0)
        choices = []
        for index in range(n):
            reply = self.replies[index % len(self.replies)]
            choice: dict[str, Any] = {
                "index": index, "finish_reason": "stop",
                "message": {"role": "assistant", "content": reply.text, "refusal": None},
                "logprobs": None,
            }
            if with_logprobs:
                tokens = _TOKEN.findall(reply.text)
                content = []
                for position, token in enumerate(tokens):
                    hesitant = reply.hesitant and reply.hesitant[0] <= position < reply.hesitant[1]
                    sure = reply.hesitant_sure if hesitant else reply.sure
                    alternatives = _alternatives(token, sure, max(k, 1))
                    content.append({**alternatives[0], "top_logprobs": alternatives[:k]})
                choice["logprobs"] = {"content": content, "refusal": None}
            choices.append(choice)
        answer = {
            "id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion",
            "created": int(time.time()), "model": body["model"], "choices": choices,
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }
        return Response(json.dumps(answer), status=200, content_type="application/json")
