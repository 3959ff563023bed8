"""Function arguments of an RPC request: a JSON body, query-string or form text, or a raw body
for a single unnamed parameter."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.wrappers import Request

from samia_functions.edge.json_body import load_json
from samia_functions.edge.nul import reject_nul
from samia_functions.postgrest.errors import ApiError, nul_in_text

from .query import ReadOptions, apply_range_header, split_query

RAW_TYPES = ("text/plain", "text/xml", "application/octet-stream")
FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class CallArgs:
    keys: frozenset[str]  # the argument names used for overload resolution
    raw_type: str | None  # POST body media type (None for GET/HEAD and form bodies)
    json_body: str | None = None  # JSON text, read with json_to_record(set)
    json_is_array: bool = False
    text: dict[str, list[str]] | None = None  # values cast from text to the parameter type
    raw: str | bytes | None = None  # body passed whole to a single unnamed parameter


def parse(request: Request) -> tuple[CallArgs, ReadOptions]:
    query = request.environ.get("QUERY_STRING")
    query_args, options = split_query(list(request.args.items(multi=True)) if query else [],
                                      with_arguments=request.method in ("GET", "HEAD"))
    if request.method == "GET":
        apply_range_header(options, request.headers.get("Range"))
    if request.method in ("GET", "HEAD"):
        return CallArgs(frozenset(query_args), None, text=query_args), options
    media = request.mimetype or "application/json"
    if media == "application/json":
        return _json_args(request), options
    if media == FORM_TYPE:
        form = {k: request.form.getlist(k) for k in request.form}
        reject_nul([*form, *(v for values in form.values() for v in values)], "the form body",
                   nul_in_text)
        return CallArgs(frozenset(form), None, text=form), options
    if media in RAW_TYPES:
        data = request.get_data()
        raw = data if media == "application/octet-stream" else data.decode("utf-8", "replace")
        if isinstance(raw, str):  # bytea takes any byte; text cannot hold U+0000
            reject_nul([raw], "the body", nul_in_text)
        return CallArgs(frozenset(), media, raw=raw), options
    raise ApiError(415, "PGRST107", f"Content-Type not acceptable: {media}")


def _json_args(request: Request) -> CallArgs:
    text = request.get_data(as_text=True)
    if not text.strip():
        text = "{}"  # an empty RPC body means "no arguments"
    payload = load_json(text, _invalid_json, nul_in_text)
    if isinstance(payload, dict):
        keys, is_array = set(payload), False
    elif isinstance(payload, list) and all(isinstance(item, dict) for item in payload):
        keys, is_array = (set(payload[0]) if payload else set()), True
    else:
        raise _invalid_json("the body must be a JSON object")
    columns = request.args.get("columns") if request.environ.get("QUERY_STRING") else None
    if columns is not None:
        keys &= {c.strip() for c in columns.split(",")}
    return CallArgs(frozenset(keys), "application/json", json_body=text, json_is_array=is_array)


def _invalid_json(details: str) -> ApiError:
    return ApiError(400, "PGRST102", "Empty or invalid json", details=details)
