"""The deployed functions' Flask app (built by functions-framework) fitted with the edge guard
and JSON error answers: functions-framework's own 404, 500 and werkzeug's HTML error pages
become `{"code", "message", "details", "hint"}` bodies like every other error."""

from __future__ import annotations

import logging

import flask
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..postgrest.errors import ApiError
from .body_limit import limit_for_function
from .cors import functions_policy
from .guard import REQUEST_ID_KEY, EdgeGuard
from .http_errors import from_http_exception, internal_error

log = logging.getLogger(__name__)


def install(app: flask.Flask) -> None:
    """Wrap `app` in the edge guard and make every error a JSON answer."""
    # functions-framework names each entry point's app after its target (the function name);
    # read it now, while `app` may still be the current_app proxy of the import
    function_name = app.import_name
    app.wsgi_app = EdgeGuard(app.wsgi_app,
                             limit_for=lambda _environ: limit_for_function(function_name),
                             cors=functions_policy)
    app.register_error_handler(ApiError, answer_api_error)
    app.register_error_handler(HTTPException, answer_http_error)
    app.register_error_handler(Exception, answer_crash)


def answer_api_error(error: ApiError) -> Response:
    return error.to_response()


def answer_http_error(error: HTTPException) -> Response:
    return from_http_exception(error).to_response()


def answer_crash(error: Exception) -> Response:
    log.error("function crashed (request %s)", flask.request.environ.get(REQUEST_ID_KEY),
              exc_info=error)
    return internal_error().to_response()
