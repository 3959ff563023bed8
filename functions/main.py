"""The deployed Python functions: one `@functions_framework.http` entry point each.

Handlers are thin: check the method, authenticate, parse, call SQL, map the result. The rules
live in the database; errors leave as `ApiError` (PostgREST-shaped) and are answered as JSON
by the handlers `samia_functions.edge.flask_app` installs.

functions-framework loads this file by path and appends its directory to sys.path, so the
`samia_functions` package beside it imports without being installed.
"""

from __future__ import annotations

import flask
import functions_framework
from flask import Request, Response

from samia_functions import calls, db, horoscopes, phone_verification, voice_webhooks
from samia_functions import jobs as job_runner
from samia_functions.assist import drafts as assist_drafts
from samia_functions.assist import knowledge as assist_knowledge
from samia_functions.assist import search as assist_search_module
from samia_functions.astro import order as astro_order
from samia_functions.auth import authenticate, caller_token
from samia_functions.edge import flask_app
from samia_functions.horoscope_audio import Caller
from samia_functions.media import access as media_access
from samia_functions.media import upload as media_uploads
from samia_functions.ops import export as ops_export_module
from samia_functions.web import json_object, json_response, require_method

# functions-framework runs this module inside the app context of the Flask app it builds for
# each entry point: fit that app with the edge guards (request ids, limits, CORS, JSON errors).
if flask.has_app_context():
    flask_app.install(flask.current_app)


@functions_framework.http
def whoami(request: Request) -> Response:
    """GET: who the database sees for the caller's token (the pattern every user function uses)."""
    require_method(request, "GET")
    claims = authenticate(request)
    with db.as_user(claims) as conn:
        user_id, db_role, app_role = conn.execute(
            "select auth.uid(), current_user, app.current_role()").fetchone()
    return json_response({"user_id": str(user_id) if user_id else None, "db_role": db_role,
                          "app_role": app_role})


@functions_framework.http
def jobs(request: Request) -> Response:
    """POST {"job": "<name>"} with X-Job-Token: run app.job_<name>() through app.run_job."""
    require_method(request, "POST")
    job_runner.check_job_token(request.headers.get("X-Job-Token"))
    name = job_runner.parse_job_name(json_object(request))
    return json_response(job_runner.run_job(name))


@functions_framework.http
def verify_phone_start(request: Request) -> Response:
    """POST {"phone", "channel": "sms"|"call"|"whatsapp"}: send a code with Twilio Verify."""
    require_method(request, "POST")
    claims = authenticate(request)
    body = phone_verification.parse_start(json_object(request))
    return json_response(phone_verification.start(claims, body))


@functions_framework.http
def verify_phone_check(request: Request) -> Response:
    """POST {"phone", "code"}: check the code; on approval the phone is the caller's, verified."""
    require_method(request, "POST")
    claims = authenticate(request)
    body = phone_verification.parse_check(json_object(request))
    return json_response(phone_verification.check(claims, body))


@functions_framework.http
def create_astro_order(request: Request) -> Response:
    """POST {"birth_date", "birth_time" | "unknown", "place", "question"?}: order an astro
    reading; the natal chart is computed here and stored with the order."""
    require_method(request, "POST")
    claims = authenticate(request)
    return json_response(astro_order.create(claims, json_object(request)))


@functions_framework.http
def media_upload(request: Request) -> Response:
    """POST the file as the raw body, ?purpose=order_input|order_result&order_id=<uuid>:
    measure it, record app.media_assets and store it in Storage as the caller."""
    require_method(request, "POST")
    claims = authenticate(request)
    return json_response(media_uploads.upload(request, claims, caller_token(request)), 201)


@functions_framework.http
def media_url(request: Request) -> Response:
    """POST {"media_id"}: a signed download URL (15 minutes) if the caller may see the file."""
    require_method(request, "POST")
    claims = authenticate(request)
    media_id = media_access.parse_media_id(json_object(request))
    return json_response(media_access.media_url(claims, caller_token(request), media_id))


@functions_framework.http
def horoscopes_ingest(request: Request) -> Response:
    """POST {"date", "sources": {"<sign>": "<TikTok URL>", ...}} (or {"date", "sign", "url"}):
    download, extract speech audio, store it and write each sign's horoscope as pending."""
    require_method(request, "POST")
    claims = authenticate(request)
    sources, date = horoscopes.parse_ingest(json_object(request))
    return json_response(horoscopes.ingest(Caller(claims, caller_token(request)), sources, date))


@functions_framework.http
def regenerate_horoscope(request: Request) -> Response:
    """POST {"horoscope_id", "reader_id"?}: extract the audio again from the stored source,
    levelled to the reader's voice reference (else the platform target); back to pending."""
    require_method(request, "POST")
    claims = authenticate(request)
    horoscope_id, reader_id = horoscopes.parse_regenerate(json_object(request))
    return json_response(horoscopes.regenerate(Caller(claims, caller_token(request)),
                                               horoscope_id, reader_id))


@functions_framework.http
def horoscopes_archive(request: Request) -> Response:
    """GET: the admin archive of the last 50 days, each audio with a signed URL."""
    require_method(request, "GET")
    claims = authenticate(request)
    return json_response(horoscopes.archive(Caller(claims, caller_token(request))))


@functions_framework.http
def calls_initiate(request: Request) -> Response:
    """POST {"order_id"}: the booked reader starts the call; Twilio dials reader and client
    into one conference."""
    require_method(request, "POST")
    claims = authenticate(request)
    return json_response(calls.initiate(claims, calls.parse_order(json_object(request))))


@functions_framework.http
def monitor_listen(request: Request) -> Response:
    """POST {"order_id"}: the monitor's verified phone joins the live call muted, no beep."""
    require_method(request, "POST")
    claims = authenticate(request)
    return json_response(calls.monitor(claims, calls.parse_order(json_object(request)),
                                       "listen"))


@functions_framework.http
def monitor_whisper(request: Request) -> Response:
    """POST {"order_id"}: the listening monitor speaks to the reader only (coaching)."""
    require_method(request, "POST")
    claims = authenticate(request)
    return json_response(calls.monitor(claims, calls.parse_order(json_object(request)),
                                       "whisper"))


@functions_framework.http
def monitor_barge(request: Request) -> Response:
    """POST {"order_id"}: the listening monitor speaks to both parties."""
    require_method(request, "POST")
    claims = authenticate(request)
    return json_response(calls.monitor(claims, calls.parse_order(json_object(request)),
                                       "barge"))


@functions_framework.http
def calls_terminate(request: Request) -> Response:
    """POST {"order_id", "reason", "block"?: "reader"|"client"}: a monitor drops the call."""
    require_method(request, "POST")
    claims = authenticate(request)
    return json_response(calls.terminate(claims, *calls.parse_terminate(json_object(request))))


@functions_framework.http
def voice_twiml(request: Request) -> Response:
    """Twilio webhook (signed), ?call=<id>&leg=reader|client: the answered leg's TwiML."""
    require_method(request, "POST")
    return voice_webhooks.twiml(request, "voice_twiml")


@functions_framework.http
def voice_call_status(request: Request) -> Response:
    """Twilio webhook (signed), ?call=<id>: a leg's call progress."""
    require_method(request, "POST")
    return json_response(voice_webhooks.status(request, "voice_call_status", "call"))


@functions_framework.http
def voice_conference_status(request: Request) -> Response:
    """Twilio webhook (signed), ?call=<id>: the conference's events (joins, start, end...)."""
    require_method(request, "POST")
    return json_response(voice_webhooks.status(request, "voice_conference_status",
                                               "conference"))


@functions_framework.http
def voice_recording_status(request: Request) -> Response:
    """Twilio webhook (signed), ?call=<id>: the conference's recording is ready."""
    require_method(request, "POST")
    return json_response(voice_webhooks.status(request, "voice_recording_status",
                                               "recording"))


@functions_framework.http
def ops_export(request: Request) -> Response:
    """POST {"datasets": [...], "from", "to", "raw"?, "reason"?}: a ZIP of one CSV per dataset
    (masked unless a superadmin asks for raw data with a reason), as a 15-minute signed URL."""
    require_method(request, "POST")
    claims = authenticate(request)
    body = ops_export_module.parse_export(json_object(request))
    return json_response(ops_export_module.export(claims, caller_token(request), body))


@functions_framework.http
def assist_search(request: Request) -> Response:
    """POST {"query", "language"?, "k"?}: readers and staff search the knowledge base (hybrid:
    the query's embedding, full text and trigrams, fused by rank); 20 an hour."""
    require_method(request, "POST")
    claims = authenticate(request)
    body = assist_search_module.parse(json_object(request))
    return json_response(assist_search_module.search(claims, body))


@functions_framework.http
def assist_draft(request: Request) -> Response:
    """POST {"order_id", "language"?}: the order's assigned reader gets a draft reading citing
    the knowledge base (sampled from the DEEPCONF_* model and kept by confidence, or extractive
    without one); 10 an hour."""
    require_method(request, "POST")
    claims = authenticate(request)
    body = assist_drafts.parse(json_object(request))
    return json_response(assist_drafts.draft(claims, body))


@functions_framework.http
def assist_knowledge_add(request: Request) -> Response:
    """POST {"title", "text", "source", "licence", "language"?}: admins add a document to the
    knowledge base, cut into chunks and embedded; the same text again changes nothing."""
    require_method(request, "POST")
    claims = authenticate(request)
    doc = assist_knowledge.parse(json_object(request))
    with db.as_user(claims) as conn:
        return json_response(assist_knowledge.add_document(conn, doc))
