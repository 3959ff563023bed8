"""A test-only functions-framework source: one entry point that reaches SQL exactly as the
handlers of functions/main.py do (postgrest.jwt, db.as_user, the edge guards and JSON errors
main.py installs), but without requiring a signed-in user, so anonymous calls can be compared
with /rest/v1."""

from __future__ import annotations

import flask
import functions_framework
from flask import Request, Response
from psycopg import sql

from samia_functions import db
from samia_functions.edge import flask_app
from samia_functions.postgrest.jwt import ANON_ROLE, bearer_token, verify
from samia_functions.settings import get_settings
from samia_functions.web import json_object, json_response

# as functions/main.py does: functions-framework runs this module inside its app's context
if flask.has_app_context():
    flask_app.install(flask.current_app)


@functions_framework.http
def call_rpc(request: Request) -> Response:
    """POST {"function": name, "args": {...}}: `select public.<name>(<arg> := ..., ...)`."""
    token = bearer_token(request.headers.get("Authorization"))
    secret = get_settings().jwt_secret
    claims = {"role": ANON_ROLE} if token is None else verify(token, secret)
    body = json_object(request)
    args = body.get("args", {})
    call = sql.SQL("select {}.{}({})").format(
        sql.Identifier("public"), sql.Identifier(body["function"]),
        sql.SQL(", ").join(sql.SQL("{} := {}").format(sql.Identifier(k), sql.Placeholder())
                           for k in args))
    with db.as_user(claims) as conn:
        (result,) = conn.execute(call, list(args.values())).fetchone()
    return json_response(result)
