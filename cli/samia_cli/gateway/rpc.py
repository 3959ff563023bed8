"""Running one RPC call the way PostgREST does: one transaction, one set_config statement, the
json_to_record call template, then the result shaped into a response (status and headers may
be overridden by the function through the response.status and response.headers GUCs)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

import psycopg
from psycopg import sql
from werkzeug.wrappers import Request, Response

from samia_functions.postgrest.errors import ApiError

from . import catalog, context, negotiate
from .args import CallArgs
from .auth import Identity
from .catalog import Function, Param
from .db import GatewayConnection
from .negotiate import Preferences, Representation
from .query import Params, ReadOptions
from .schema_cache import SchemaCache
from .template import Quoter, Template, TemplateCache

_ISOLATION_LEVELS = {"read committed", "repeatable read", "serializable", "read uncommitted"}
# (isolation level, read write?) -> its START TRANSACTION statement
_START = {(level, rw): (f"START TRANSACTION ISOLATION LEVEL {level.upper()} "
                       f"{'READ WRITE' if rw else 'READ ONLY'}").encode()
          for level in _ISOLATION_LEVELS for rw in (False, True)}


@dataclass(frozen=True)
class Call:
    """Everything one request decided before touching the database."""

    schema: str
    function_name: str
    identity: Identity
    args: CallArgs
    options: ReadOptions
    representation: Representation
    prefs: Preferences
    search_path: list[str]
    max_rows: int | None

    @property
    def counts(self) -> bool:
        """PostgREST counts an RPC's rows for count=exact and count=estimated; it has no
        planner estimate for a function call, so count=planned leaves the total unknown."""
        return self.prefs.count in ("exact", "estimated")


def timezone_checker(conn: psycopg.Connection):
    """Prefer: timezone=<name> is honoured only for a name the database knows."""
    def known(zone: str) -> bool:
        return conn.execute(
            "select exists (select from pg_catalog.pg_timezone_names where name = %s)",
            (zone,)).fetchone()[0]
    return known


def run(conn: GatewayConnection, request: Request, call: Call, cache: SchemaCache) -> Response:
    fn = catalog.resolve(cache.catalog(conn), call.schema, call.function_name, call.args.keys,
                         call.args.raw_type)
    if call.prefs.strict and call.prefs.max_affected is not None and not fn.returns_set:
        raise ApiError(400, "PGRST128", "Function must return SETOF or TABLE when "
                       "max-affected preference is used with handling=strict")
    settings = cache.role_settings.get(conn, call.identity.role)
    read_write = request.method == "POST" and fn.volatile
    quote = conn.quote
    begin = b"; ".join((_START[_isolation(fn, settings), read_write],
                        context.statement(quote, request, call, fn, settings, cache.contexts)))
    # The statements go as one query string (simple protocol, values quoted by libpq), so
    # the whole transaction is one round trip: START, the set_config block, the call and,
    # unless the answer must be checked before it commits, COMMIT. An error anywhere skips
    # the rest of the string and leaves the transaction failed; it is then rolled back.
    # psycopg's pipeline mode would also save the round trips, but it busy-waits on the
    # socket and costs more CPU than it saves.
    cursor = conn.request_cursor
    committed = False
    try:
        if call.options.casts():
            # select=col::type names are looked up under the request's search path: the
            # transaction must have started before that lookup
            cursor.execute(begin)
            query, values = _call_statement(fn, call, _cast_types(conn, call.options))
            cursor.execute(Template.render(conn, query).bind(quote, values))
        else:
            committed = not _checked_before_commit(call)
            statement = _cached_call(conn, quote, fn, call, cache.statements)
            cursor.execute(b"; ".join((begin, statement, b"COMMIT") if committed
                                      else (begin, statement)))
            cursor.nextset()  # past START and the set_config block, to the call's result
            cursor.nextset()
        row = cursor.fetchone()
        if not committed:
            _refuse_before_commit(call, row[0])
            conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    return _respond(request, call, fn, row)


def _checked_before_commit(call: Call) -> bool:
    return call.representation.singular or (call.prefs.strict
                                            and call.prefs.max_affected is not None)


def _refuse_before_commit(call: Call, page_total: int) -> None:
    """The answers that undo the call: a singular request that is not one row, and a result
    over `max-affected` (counted only with handling=strict)."""
    if call.representation.singular and page_total != 1:
        raise ApiError(406, "PGRST116", "Cannot coerce the result to a single JSON object",
                       f"The result contains {page_total} rows")
    limit = call.prefs.max_affected
    if call.prefs.strict and limit is not None and page_total > limit:
        raise ApiError(400, "PGRST124", "Query result exceeds max-affected preference "
                       "constraint", f"The query affects {page_total} rows")


def _cast_types(conn: psycopg.Connection, options: ReadOptions) -> dict[str, sql.Composable]:
    """Each `select=col::type` type, looked up by the database under the request's search
    path and written back as a quoted, schema-qualified name (never the URL's own text)."""
    types: dict[str, sql.Composable] = {}
    for name in sorted(options.casts()):
        row = conn.execute(
            "select n.nspname, t.typname from pg_catalog.pg_type t "
            "join pg_catalog.pg_namespace n on n.oid = t.typnamespace "
            "where t.oid = pg_catalog.to_regtype(%s)", (name,)).fetchone()
        if row is None:
            raise ApiError(400, "42704", f'type "{name}" does not exist')
        types[name] = sql.Identifier(*row)
    return types


def _rollback(conn: psycopg.Connection) -> None:
    with contextlib.suppress(psycopg.Error):  # a broken connection: the pool discards it
        conn.execute("ROLLBACK")


def _isolation(fn: Function, role_settings: list[tuple[str, str]]) -> str:
    wanted = fn.settings.get("default_transaction_isolation") or dict(role_settings).get(
        "default_transaction_isolation", "read committed")
    wanted = wanted.strip("'\"").lower()
    return wanted if wanted in _ISOLATION_LEVELS else "read committed"


def _named(param: Param, value: sql.Composable) -> sql.Composable:
    variadic = sql.SQL("VARIADIC ") if param.variadic else sql.SQL("")
    return sql.SQL("{}{} := {}").format(variadic, sql.Identifier(param.name), value)


def _arg_values(fn: Function, args: CallArgs) -> list[object]:
    """The values a call binds for its arguments, in the order _source places them."""
    if fn.raw_param is not None:
        return [args.json_body if args.raw is None else args.raw]
    if args.text is not None:
        values: list[object] = []
        for p in fn.params:
            if p.name in args.keys:
                texts = args.text[p.name]
                repeated = p.variadic and not (len(texts) == 1 and texts[0].startswith("{"))
                values.append(texts if repeated else texts[0])  # repeated ones feed VARIADIC
        return values
    return [args.json_body] if any(p.name in args.keys for p in fn.params) else []


def _source(fn: Function, args: CallArgs, params: Params) -> sql.Composable:
    """SELECT of the function's rows, arguments converted by PostgreSQL itself."""
    holes = [params.add(value) for value in _arg_values(fn, args)]  # p0, p1, ... in order
    from_items: list[sql.Composable] = []
    arg_exprs: list[sql.Composable] = []
    raw = fn.raw_param
    if raw is not None:
        arg_exprs.append(sql.SQL("{}::{}").format(holes[0], sql.SQL(raw.type)))
    elif args.text is not None:
        used = [p for p in fn.params if p.name in args.keys]
        arg_exprs = [_named(p, sql.SQL("{}::{}").format(hole, sql.SQL(p.type)))
                     for p, hole in zip(used, holes, strict=True)]
    else:
        used = [p for p in fn.params if p.name in args.keys]
        if used:
            record = "json_to_recordset" if args.json_is_array else "json_to_record"
            from_items.append(sql.SQL(
                "(SELECT {}::json AS json_data) pgrst_payload, "
                "LATERAL (SELECT {} FROM {}(pgrst_payload.json_data) AS _({}) LIMIT 1) pgrst_body"
            ).format(
                holes[0],
                sql.SQL(", ").join(sql.Identifier(p.name) for p in used),
                sql.SQL(record),
                sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(p.name), sql.SQL(p.type))
                                   for p in used)))
            arg_exprs = [_named(p, sql.SQL("pgrst_body.{}").format(sql.Identifier(p.name)))
                         for p in used]
    call = sql.SQL("{}.{}({})").format(sql.Identifier(fn.schema), sql.Identifier(fn.name),
                                      sql.SQL(", ").join(arg_exprs))
    if fn.composite:
        from_items.append(sql.SQL("LATERAL {} pgrst_call").format(call))
        columns = sql.SQL("pgrst_call.*")
    else:
        from_items.append(sql.SQL("LATERAL (SELECT {} pgrst_scalar) pgrst_call").format(call))
        columns = sql.SQL("pgrst_call.pgrst_scalar")
    return sql.SQL("SELECT {} FROM {}").format(columns, sql.SQL(", ").join(from_items))


@dataclass(frozen=True)
class _CachedCall:
    fn: Function  # the catalogue entry it was composed for
    template: Template
    option_values: dict[str, object]  # the values of filters, paths and the like


def _cached_call(conn: psycopg.Connection, quote: Quoter, fn: Function, call: Call,
                 cache: TemplateCache) -> bytes:
    """The call statement, composed once per request shape (function, argument names and
    kind, representation, counting, read options) and then only bound to this call's
    argument values. The options' values are part of the shape: they are few and repeat."""
    args = call.args
    key = (id(fn), args.keys, args.json_is_array, args.text is None, call.representation,
           call.counts, call.max_rows, repr(call.options))
    entry = cache.get(key)
    if not isinstance(entry, _CachedCall) or entry.fn is not fn:
        query, values = _call_statement(fn, call, {})
        arg_count = len(_arg_values(fn, args))
        entry = _CachedCall(fn, Template.render(conn, query),
                            {k: v for i, (k, v) in enumerate(values.items()) if i >= arg_count})
        cache.put(key, entry)
    values = {f"p{i}": value for i, value in enumerate(_arg_values(fn, args))}
    return entry.template.bind(quote, {**values, **entry.option_values})


def _call_statement(fn: Function, call: Call,
                    types: dict[str, sql.Composable]) -> tuple[sql.Composable, dict]:
    params = Params()
    options = call.options
    source = _source(fn, call.args, params)
    where = options.where(params)
    target = sql.SQL("_postgrest_t") if fn.composite else sql.SQL("_postgrest_t.pgrst_scalar")
    if call.representation.csv:
        body = _csv_body()
    elif fn.returns_set and not call.representation.singular:
        body = sql.SQL("coalesce(json_agg({}), '[]')").format(target)
    else:
        body = sql.SQL("coalesce(json_agg({})->0, 'null')").format(target)
    if call.representation.strip_nulls:
        body = sql.SQL("json_strip_nulls({})").format(body)
    total = (sql.SQL("(SELECT pg_catalog.count(*) FROM pgrst_source{})").format(where)
             if call.counts else sql.SQL("NULL"))
    if fn.composite or options.select is not None:
        columns = options.columns(params, types)
    else:
        columns = sql.SQL("pgrst_source.pgrst_scalar")
    paging = sql.SQL("")
    limits = [n for n in (options.limit, call.max_rows) if n is not None]
    if limits:
        paging += sql.SQL(" LIMIT {}").format(sql.Literal(min(limits)))
    if options.offset:
        paging += sql.SQL(" OFFSET {}").format(sql.Literal(options.offset))
    query = sql.SQL(
        "WITH pgrst_source AS ({source}) "
        "SELECT pg_catalog.count(_postgrest_t) AS page_total, {total}::bigint AS total, "
        "({body})::text AS body, "
        "nullif(current_setting('response.headers', true), '') AS response_headers, "
        "nullif(current_setting('response.status', true), '') AS response_status "
        "FROM (SELECT {columns} FROM pgrst_source{where}{order}{paging}) _postgrest_t"
    ).format(source=source, total=total, body=body, columns=columns, where=where,
             order=options.order_by(params), paging=paging)
    return query, params.values


def _csv_body() -> sql.Composable:
    """PostgREST's CSV: a header of the column names, then each row in PostgreSQL's own
    record text format without its parentheses (quoted where needed, NULL as nothing)."""
    return sql.SQL(
        "coalesce((SELECT string_agg(k, ',') FROM "
        "json_object_keys(json_agg(_postgrest_t)->0) AS k), '') || E'\\n' || "
        "coalesce(string_agg(substring(_postgrest_t::text, 2, "
        "length(_postgrest_t::text) - 2), E'\\n'), '')")


def _respond(request: Request, call: Call, fn: Function, row: tuple) -> Response:
    page_total, total, body, guc_headers, guc_status = row
    offset = call.options.offset
    if total is not None and offset > total:
        raise ApiError(416, "PGRST103", "Requested range not satisfiable",
                       f"An offset of {offset} was requested, but there are only {total} rows.",
                       headers={"Content-Range": f"*/{total}"})
    status = 204 if fn.returns_void else 200
    shown = f"{offset}-{offset + page_total - 1}" if page_total else "*"
    if total is not None and (offset > 0 or offset + page_total < total):
        status = 206
    if guc_status is not None:
        status = _guc_status(guc_status)
    empty = fn.returns_void or request.method == "HEAD"
    resp = Response(b"" if empty else body.encode(), status=status)
    if fn.returns_void:
        del resp.headers["Content-Type"]  # PostgREST sends none with a 204
    else:
        resp.headers["Content-Type"] = call.representation.content_type
        if negotiate.profile_requested(request):
            resp.headers["Content-Profile"] = call.schema  # PostgREST names the schema it used
    resp.headers["Content-Range"] = f"{shown}/{'*' if total is None else total}"
    applied = call.prefs.applied()
    if applied:
        resp.headers["Preference-Applied"] = applied
    for key, values in _guc_headers(guc_headers).items():
        resp.headers.remove(key)  # the function's headers replace the gateway's own
        for value in values:
            resp.headers.add(key, value)
    return resp


def _guc_status(value: str) -> int:
    try:
        status = int(value)
    except ValueError:
        status = 0
    if not 100 <= status <= 999:
        raise ApiError(500, "PGRST112", "response.status guc must be a valid status code")
    return status


def _guc_headers(value: str | None) -> dict[str, list[str]]:
    """`[{"Cache-Control":"public"},{"Set-Cookie":"a=1"}]` → header name → values."""
    if value is None:
        return {}
    error = ApiError(500, "PGRST111", "response.headers guc must be a JSON array composed of "
                     "objects with a single key and a string value")
    try:
        items = json.loads(value)
    except ValueError as exc:
        raise error from exc
    if not isinstance(items, list):
        raise error
    headers: dict[str, list[str]] = {}
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            raise error
        (key, val), = item.items()
        if not isinstance(val, str):
            raise error
        headers.setdefault(key, []).append(val)
    return headers
