"""JSON bodies parsed safely: nesting is bounded (Python's parser would raise RecursionError, a
500, long before PostgreSQL's own limit) and no string or key may hold a NUL byte."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ..postgrest.errors import ApiError
from .nul import NulError, nul_error

MAX_DEPTH = 100  # arrays and objects inside each other; real payloads stay far below
# json.loads joins a valid surrogate pair into one character: any surrogate left is alone
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(text: str | bytes, invalid: Callable[[str], ApiError],
              nul: NulError = nul_error, *, refuse_surrogates: bool = False) -> Any:
    """The parsed body; each edge has its own answer to bad JSON (`invalid(reason)`) and to a
    NUL byte in any string or key (`nul(where)`). With `refuse_surrogates`, a lone UTF-16
    surrogate (`"\\ud800"`, valid JSON but no text) is bad JSON too: the functions' driver
    could not send it (a 500), while the dev gateway lets PostgreSQL refuse it as PostgREST
    does (22P02)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise invalid(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError; neither quotes input
        raise invalid(str(exc)) from None
    _check(value, invalid, nul, refuse_surrogates)
    return value


def _check(value: Any, invalid: Callable[[str], ApiError], nul: NulError,
           refuse_surrogates: bool) -> None:
    """Depth, NUL bytes and (if asked) lone surrogates, walked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise nul("a JSON string")
            if refuse_surrogates and _LONE_SURROGATE.search(item):
                raise invalid("a JSON string holds a lone UTF-16 surrogate")
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise invalid(f"JSON nested deeper than {MAX_DEPTH} levels")
            if isinstance(item, dict):
                stack.extend((key, depth) for key in item)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
