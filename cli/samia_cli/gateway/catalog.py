"""Which function a request calls: the exposed schemas' functions, exposure rules and
overload resolution.

Like PostgREST's schema cache, the catalogue is read whole (`load`) and kept until a reload
(schema_cache.SchemaCache): a function created since then answers PGRST202 until
`NOTIFY pgrst, 'reload schema'`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import psycopg

from samia_functions.postgrest.errors import ApiError

# An unnamed single parameter of one of these types receives the raw body.
RAW_BODY_TYPES = {
    "application/json": {"json", "jsonb"},
    "text/plain": {"text"},
    "text/xml": {"xml"},
    "application/octet-stream": {"bytea"},
}
# Settings PostgREST hoists from a function's SET clauses into the transaction.
HOISTED_SETTINGS = ("statement_timeout", "plan_filter.statement_cost_limit",
                    "default_transaction_isolation")

_FUNCTIONS_SQL = """
select n.nspname, p.prorettype = 'pg_catalog.trigger'::regtype,
       p.proname, p.provolatile::text, p.proretset, p.prorettype = 'pg_catalog.void'::regtype,
       rt.typtype::text, p.pronargs, p.pronargdefaults, p.proargnames,
       p.proargmodes::text[],
       array(select pg_catalog.format_type(u.t, null)
             from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]))
                  with ordinality as u(t, i) order by u.i),
       p.provariadic <> 0, p.proconfig
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_type rt on rt.oid = p.prorettype
where n.nspname = any(%s) and p.prokind = 'f'
"""

@dataclass(frozen=True)
class Param:
    name: str  # "" when unnamed
    type: str  # as written in a cast / json_to_record column list
    required: bool
    variadic: bool


@dataclass(frozen=True)
class Function:
    schema: str
    name: str
    params: tuple[Param, ...]
    volatility: str  # 'v', 's' or 'i'
    returns_set: bool
    returns_void: bool
    composite: bool
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def volatile(self) -> bool:
        return self.volatility == "v"

    @property
    def raw_param(self) -> Param | None:
        """The single unnamed parameter that takes the whole body, if the function has one."""
        if len(self.params) == 1 and not self.params[0].name:
            return self.params[0]
        return None

    def signature(self) -> str:
        args = ", ".join(f"{p.name} => {p.type}" for p in self.params)
        return f"{self.schema}.{self.name}({args})"

    def matches(self, keys: frozenset[str], raw_post: bool) -> bool:
        """PostgREST's matchesParams: the body keys name exactly the required parameters plus
        some optional ones."""
        if self.raw_param is not None:
            return False  # only ever chosen as a fallback
        if not self.params:
            return not keys and not raw_post
        required = {p.name for p in self.params if p.required}
        optional = {p.name for p in self.params if not p.required}
        if not optional:
            return keys == required
        if not required:
            return keys <= optional
        return keys - optional == required


def _max_length_type(type_name: str) -> str:
    # json_to_record would truncate `character` to one char; PostgREST widens it the same way
    for short, wide in (("character", "character varying"), ("bit", "bit varying")):
        if type_name == short or type_name == f"{short}[]":
            return type_name.replace(short, wide, 1)
    return type_name


def _function_from_row(schema: str, row: tuple) -> Function | None:
    (name, volatility, retset, returns_void, rettyptype, nargs, ndefaults, argnames,
     argmodes, argtypes, has_variadic, config) = row
    modes = argmodes or ["i"] * len(argtypes)
    names = argnames or [""] * len(argtypes)
    inputs: list[Param] = []
    has_out = False
    for index, (mode, type_name) in enumerate(zip(modes, argtypes, strict=True)):
        if mode in ("o", "b", "t"):
            has_out = True
        if mode in ("i", "b", "v"):
            arg_name = names[index] if index < len(names) else ""
            inputs.append(Param(arg_name or "", _max_length_type(type_name),
                                required=len(inputs) < nargs - ndefaults,
                                variadic=has_variadic and mode == "v"))
    unnamed = [p for p in inputs if not p.name]
    if unnamed and not (len(inputs) == 1 and inputs[0].type in {"bytea", "json", "jsonb",
                                                                 "text", "xml"}):
        return None  # not callable over HTTP
    settings = dict(item.split("=", 1) for item in config or [] if "=" in item)
    return Function(schema, name, tuple(inputs), volatility, retset, returns_void,
                    composite=rettyptype == "c" or has_out, settings=settings)


@dataclass(frozen=True)
class Catalog:
    """The callable functions of the exposed schemas, by (schema, name), and every function
    name per schema (for the "Perhaps you meant" hint)."""

    functions: Mapping[tuple[str, str], tuple[Function, ...]]
    names: Mapping[str, tuple[str, ...]]

    def candidates(self, schema: str, name: str) -> list[Function]:
        return list(self.functions.get((schema, name), ()))


def load(conn: psycopg.Connection, schemas: Sequence[str]) -> Catalog:
    """One query for every function of `schemas`."""
    functions: dict[tuple[str, str], list[Function]] = {}
    names: dict[str, set[str]] = {}
    for schema, returns_trigger, *row in conn.execute(_FUNCTIONS_SQL, (list(schemas),)):
        names.setdefault(schema, set()).add(row[0])
        fn = None if returns_trigger else _function_from_row(schema, tuple(row))
        if fn is not None:
            functions.setdefault((schema, fn.name), []).append(fn)
    return Catalog({key: tuple(found) for key, found in functions.items()},
                   {schema: tuple(sorted(found)) for schema, found in names.items()})


def resolve(catalog: Catalog, schema: str, name: str, keys: frozenset[str],
            raw_type: str | None) -> Function:
    """Pick the one function for these argument keys, or raise PGRST202 / PGRST203.

    `raw_type` is the media type of a POST body that goes whole to a single unnamed parameter
    (JSON bodies may fall back to one; text, XML and binary bodies must).
    """
    found = catalog.candidates(schema, name)
    raw_post = raw_type is not None and raw_type != "application/json"
    matches = [] if raw_post else [f for f in found if f.matches(keys, raw_post)]
    fallback_types = RAW_BODY_TYPES.get(raw_type or "", set())
    fallbacks = [f for f in found
                 if f.raw_param is not None and f.raw_param.type in fallback_types]
    chosen = matches or fallbacks
    if len(chosen) == 1:
        return chosen[0]
    if len(chosen) > 1:
        listed = ", ".join(f.signature() for f in chosen)
        raise ApiError(300, "PGRST203",
                       f"Could not choose the best candidate function between: {listed}",
                       hint="Try renaming the parameters or the function itself in the "
                            "database so function overloading can be resolved")
    raise _not_found(catalog, schema, name, keys, raw_type, found)


def _not_found(catalog: Catalog, schema: str, name: str, keys: frozenset[str],
               raw_type: str | None, found: list[Function]) -> ApiError:
    qualified = f"{schema}.{name}"
    listed = ", ".join(sorted(keys))
    raw_post = raw_type is not None and raw_type != "application/json"
    if raw_post:
        message = f"Could not find the function {qualified} in the schema cache"
        kind = {"text/plain": "text", "text/xml": "xml"}.get(raw_type or "", "bytea")
        searched = f" with a single unnamed {kind} parameter"
    else:
        shown = f"({listed})" if keys else " without parameters"
        message = f"Could not find the function {qualified}{shown} in the schema cache"
        plural = "s" if len(keys) > 1 else ""
        searched = f" with parameter{plural} {listed}" if keys else " without parameters"
        if raw_type == "application/json":
            searched += " or with a single unnamed json/jsonb parameter"
    details = (f"Searched for the function {qualified}{searched}, "
               "but no matches were found in the schema cache.")
    return ApiError(404, "PGRST202", message, details,
                    _hint(catalog, schema, name, keys, found))


def _hint(catalog: Catalog, schema: str, name: str, keys: frozenset[str],
          found: list[Function]) -> str | None:
    prefix = f"Perhaps you meant to call the function {schema}."
    if found:
        # same name, other parameters: suggest the overload sharing most of the given keys
        best = max(found, key=lambda f: len(keys & {p.name for p in f.params}))
        return f"{prefix}{name}({', '.join(sorted(p.name for p in best.params))})"
    close = difflib.get_close_matches(name, catalog.names.get(schema, ()), n=1, cutoff=0.6)
    return f"{prefix}{close[0]}" if close else None
