"""Test support: build a database as the Supabase CLI does, and diff two databases' catalogs.

`supabase db reset` / `db push` apply each supabase/migrations file whole, in version order, in one
transaction with its history row, then the seed files of config.toml; nothing of sql/. Here each
file goes to the server as one simple-protocol query, so the server (not sqlparse, which the
migrator uses) splits it, as it would for `psql -f`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from pathlib import Path

import psycopg
from psycopg import sql

from samia_cli import migrator
from samia_cli.sqlfiles import load_migrations
from samia_cli.testdb import with_dbname

# the Supabase CLI's own history tables (pkg/migration/history.go)
HISTORY_SQL = [
    "create schema if not exists supabase_migrations",
    "create table if not exists supabase_migrations.schema_migrations "
    "(version text not null primary key, statements text[], name text)",
    "create table if not exists supabase_migrations.seed_files "
    "(path text not null primary key, hash text not null)",
]


def fresh_database(cluster_dsn: str, name: str, template: str = "template1") -> str:
    with migrator.connect(cluster_dsn) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(ident))
        conn.execute(sql.SQL("create database {} template {}")
                     .format(ident, sql.Identifier(template)))
    return with_dbname(cluster_dsn, name)


def drop_database(cluster_dsn: str, name: str) -> None:
    with migrator.connect(cluster_dsn) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)")
                     .format(sql.Identifier(name)))


def seed_paths(root: Path) -> list[Path]:
    config = root / "supabase" / "config.toml"
    if not config.exists():
        return []
    with config.open("rb") as fh:
        seed = tomllib.load(fh)["db"]["seed"]
    return [(root / "supabase" / p).resolve() for p in seed["sql_paths"]] if seed["enabled"] else []


def apply_like_supabase_cli(dsn: str, root: Path) -> None:
    """What `supabase db push --include-seed` does (`db reset` on a fresh database): the
    migrations not in the history yet, then the seed when its hash changed. Bootstrap first."""
    with migrator.connect(dsn) as conn:
        with conn.transaction():
            for stmt in HISTORY_SQL:
                conn.execute(stmt)
        applied = {row[0] for row in conn.execute(
            "select version from supabase_migrations.schema_migrations")}
        for m in load_migrations(root):
            if m.version in applied:
                continue
            with conn.transaction():
                conn.execute(m.text)  # no parameters: one simple query, split by the server
                conn.execute(
                    "insert into supabase_migrations.schema_migrations(version, name, statements) "
                    "values (%s, %s, %s)", (m.version, m.name, [s.text for s in m.statements()]))
        for path in seed_paths(root):
            text = path.read_text(encoding="utf-8")
            row = (str(path.relative_to(root.resolve())), hashlib.sha256(text.encode()).hexdigest())
            if conn.execute("select 1 from supabase_migrations.seed_files "
                            "where path = %s and hash = %s", row).fetchone():
                continue
            with conn.transaction():
                conn.execute(text)
                conn.execute("insert into supabase_migrations.seed_files(path, hash) "
                             "values (%s, %s) on conflict (path) do update "
                             "set hash = excluded.hash", row)


SCHEMAS = ["app", "public", "private", "storage"]  # ours, and storage.objects' policies
_ACL = "(select array_agg(a::text order by a::text) from unnest({}) a)"

# kind -> query returning (name, jsonb) rows over the schemas in %(s)s
CATALOG = {
    "schema": """
        select n.nspname, jsonb_build_object('owner', pg_get_userbyid(n.nspowner),
            'acl', {nspacl}, 'comment', obj_description(n.oid, 'pg_namespace'))
        from pg_namespace n where n.nspname = any(%(s)s)""",
    "function": """
        select p.oid::regprocedure::text, jsonb_build_object(
            'definition', pg_get_functiondef(p.oid), 'acl', {proacl},
            'owner', pg_get_userbyid(p.proowner), 'config', p.proconfig,
            'comment', obj_description(p.oid, 'pg_proc'))
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = any(%(s)s) and p.prokind <> 'a'
          and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                          and d.objid = p.oid and d.deptype = 'e')""",
    "relation": """
        select c.oid::regclass::text, jsonb_build_object('kind', c.relkind,
            'owner', pg_get_userbyid(c.relowner), 'acl', {relacl},
            'rls', c.relrowsecurity, 'force_rls', c.relforcerowsecurity,
            'view', case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end,
            'comment', obj_description(c.oid, 'pg_class'))
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = any(%(s)s) and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')""",
    "column": """
        select format('%%s.%%I', c.oid::regclass, a.attname), jsonb_build_object(
            'type', format_type(a.atttypid, a.atttypmod), 'not_null', a.attnotnull,
            'default', pg_get_expr(d.adbin, d.adrelid), 'acl', {attacl})
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where n.nspname = any(%(s)s) and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and a.attnum > 0 and not a.attisdropped""",
    "constraint": """
        select format('%%s %%I', c.conrelid::regclass, c.conname),
            jsonb_build_object('definition', pg_get_constraintdef(c.oid))
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = any(%(s)s) and c.conrelid <> 0""",
    "index": """
        select format('%%I.%%I', schemaname, indexname), jsonb_build_object('definition', indexdef)
        from pg_indexes where schemaname = any(%(s)s)""",
    "type": """
        select t.oid::regtype::text, jsonb_build_object('kind', t.typtype,
            'labels', (select array_agg(e.enumlabel order by e.enumsortorder)
                       from pg_enum e where e.enumtypid = t.oid))
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = any(%(s)s) and t.typtype in ('e', 'd')""",
    "policy": """
        select format('%%I.%%I %%I', schemaname, tablename, policyname), jsonb_build_object(
            'cmd', cmd, 'roles', (select array_agg(r order by r) from unnest(roles) r),
            'qual', qual, 'with_check', with_check, 'permissive', permissive)
        from pg_policies where schemaname = any(%(s)s)""",
    # on our tables, and on auth.users when the trigger function is ours
    "trigger": """
        select format('%%s %%I', t.tgrelid::regclass, t.tgname), jsonb_build_object(
            'definition', pg_get_triggerdef(t.oid), 'enabled', t.tgenabled)
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_proc p on p.oid = t.tgfoid join pg_namespace pn on pn.oid = p.pronamespace
        where not t.tgisinternal and (n.nspname = any(%(s)s) or pn.nspname = any(%(s)s))""",
    "default privileges": """
        select format('%%s %%s %%s', pg_get_userbyid(d.defaclrole),
            coalesce(n.nspname, '(all)'), d.defaclobjtype), jsonb_build_object('acl', {defaclacl})
        from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace""",
    "extension": """
        select e.extname, jsonb_build_object('version', e.extversion, 'schema', n.nspname)
        from pg_extension e join pg_namespace n on n.oid = e.extnamespace""",
}


def catalog(dsn: str) -> dict[str, dict]:
    """'<kind> <name>' -> its properties, for everything the schemas define."""
    found: dict[str, dict] = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("set search_path = ''")  # regclass/regprocedure text: always qualified
        for kind, query in CATALOG.items():
            text = query.format(**{col: _ACL.format(col) for col in
                                   ("nspacl", "proacl", "relacl", "attacl", "defaclacl")})
            for name, props in conn.execute(text, {"s": SCHEMAS}):
                found[f"{kind} {name}"] = props
        # the seed ran in both: the same number of rows in each table
        for key in [k for k, v in found.items() if k.startswith("relation ") and v["kind"] == "r"]:
            table = key.removeprefix("relation ")  # regclass text: quoted by the server
            count = conn.execute(sql.SQL("select count(*) from {}").format(sql.SQL(table)))
            found[f"rows {table}"] = {"count": count.fetchone()[0]}
    return found


def catalog_diff(a: dict[str, dict], b: dict[str, dict], a_name: str, b_name: str) -> str:
    """What differs, readably: objects only on one side, then property by property."""
    out: list[str] = []
    for key in sorted(a.keys() - b.keys()):
        out.append(f"only in {a_name}: {key}")
    for key in sorted(b.keys() - a.keys()):
        out.append(f"only in {b_name}: {key}")
    for key in sorted(k for k in a.keys() & b.keys() if a[k] != b[k]):
        out.append(f"differs: {key}")
        for prop in sorted(a[key].keys() | b[key].keys()):
            va, vb = a[key].get(prop), b[key].get(prop)
            if va != vb:
                out.extend(f"    {line}" for line in difflib.unified_diff(
                    _lines(va), _lines(vb), f"{a_name} {prop}", f"{b_name} {prop}", lineterm=""))
    return "\n".join(out)


def _lines(value) -> list[str]:
    return (value if isinstance(value, str) else json.dumps(value)).splitlines()
