"""`/functions/v1/<name>`: the project's functions-framework entry points, one Flask app each.

Entry points are found by parsing the source with `ast` (no import just to list them); each app
is built on first use with `functions_framework.create_app(target, source)` and rebuilt when the
file changes, so edits show up without restarting the dev server. We dispatch ourselves instead
of using werkzeug's DispatcherMiddleware: a mounted Flask app answers `/functions/v1/name`
(no trailing slash) with a 308 redirect there, and clients call exactly that URL.
"""

from __future__ import annotations

import ast
import json
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import functions_framework

PREFIX = "/functions/v1"
log = logging.getLogger(__name__)

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


def entry_points(source: str) -> list[str]:
    """Names of the module-level functions decorated with `functions_framework.http`."""
    tree = ast.parse(source)
    bare_http = any(
        isinstance(node, ast.ImportFrom) and node.module == "functions_framework"
        and any(alias.name == "http" and alias.asname is None for alias in node.names)
        for node in tree.body)
    names = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if (isinstance(target, ast.Attribute) and target.attr == "http"
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "functions_framework") or (
                    bare_http and isinstance(target, ast.Name) and target.id == "http"):
                names.append(node.name)
    return names


def _json(start_response: Callable, status: str, body: dict) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(data)))])
    return [data]


class Functions:
    def __init__(self, source: Path | None) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._mtime: float | None = None
        self._names: list[str] = []
        self._apps: dict[str, WsgiApp] = {}

    def _refresh(self) -> None:
        """Re-read the entry points when the file appeared, changed or went away."""
        try:
            mtime = self._source.stat().st_mtime if self._source else None
        except OSError:
            mtime = None
        if mtime == self._mtime:
            return
        self._mtime, self._apps = mtime, {}
        try:
            self._names = entry_points(self._source.read_text()) if mtime is not None else []
        except (OSError, SyntaxError):
            log.exception("could not read the functions source %s", self._source)
            self._names = []

    def _app(self, name: str) -> WsgiApp | None:
        with self._lock:
            self._refresh()
            if name not in self._names:
                return None
            if name not in self._apps:
                self._apps[name] = functions_framework.create_app(
                    target=name, source=str(self._source))
            return self._apps[name]

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        rest = environ.get("PATH_INFO", "")[len(PREFIX):].lstrip("/")
        name, slash, tail = rest.partition("/")
        try:
            app = self._app(name) if name else None
        except Exception as exc:  # the module failed to import: say so, keep serving
            log.exception("function %s failed to start", name)
            return _json(start_response, "503 Service Unavailable",
                         {"code": "BOOT_ERROR", "message": "Function failed to start",
                          "details": str(exc)})
        if app is None:
            return _json(start_response, "404 Not Found",
                         {"code": "NOT_FOUND", "message": "Requested function was not found"})
        inner = dict(environ)
        inner["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"{PREFIX}/{name}"
        inner["PATH_INFO"] = "/" + tail if slash else "/"
        return app(inner, start_response)
