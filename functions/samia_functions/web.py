"""Request and response helpers shared by the entry points in main.py."""

from __future__ import annotations

import json
from typing import Any

from flask import Request, Response

from .edge.json_body import load_json
from .errors import BAD_REQUEST, METHOD_NOT_ALLOWED, AppError


def require_method(request: Request, *methods: str) -> None:
    """405 with an Allow header unless the request uses one of `methods`."""
    if request.method not in methods:
        allowed = ", ".join(methods)
        raise AppError(METHOD_NOT_ALLOWED, f"Method {request.method} is not allowed", 405,
                       hint=f"Use {allowed}.", headers={"Allow": allowed})


def json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object (whatever its Content-Type says); 400 BADRQ for
    anything else (a lone UTF-16 surrogate included), RQNUL for a NUL byte in it."""
    body = load_json(request.get_data(), _invalid_json, refuse_surrogates=True)
    if not isinstance(body, dict):
        raise AppError(BAD_REQUEST, "The body must be a JSON object", 400)
    return body


def text_field(body: dict[str, Any], name: str, default: str | None = None, *,
               nullable: bool = False) -> str | None:
    """A string member of a JSON body (null too when `nullable`), else 400 BADRQ naming it:
    a number, list or object never reaches SQL, where it would pick the wrong overload or
    fail to adapt. What the string may say is SQL's to judge."""
    value = body.get(name, default)
    if not isinstance(value, str) and not (nullable and value is None):
        raise AppError(BAD_REQUEST, f"\"{name}\" must be a string", 400,
                       detail={"field": name})
    return value


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/json; charset=utf-8")


def _invalid_json(reason: str) -> AppError:
    return AppError(BAD_REQUEST, "The body must be a JSON object", 400, detail=reason)
