"""ops_export end to end through the dev gateway: every dataset, masked and raw, downloaded from
its signed URL, opened with zipfile and csv and compared row by row with the database; and every
refusal, with its code and nothing stored."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.types.string import TextLoader

# The rows each dataset function must return, read straight from the tables, raw, in the CSV's
# column order. Values are compared in PostgreSQL's text form (what COPY writes).
RAW_QUERIES = {
    "orders": """
        select o.id, o.created_at, o.status, o.service_code, o.is_gold, o.priority, o.client_id,
               nullif(concat_ws(' ', c.first_name, c.last_name), ''), c.email, c.phone,
               c.country_code, c.time_zone, o.reader_id,
               nullif(concat_ws(' ', r.first_name, r.last_name), ''), o.question,
               o.cancel_reason, o.assigned_at, o.started_at, o.submitted_at, o.approved_at,
               o.rejected_at, o.delivered_at, o.cancelled_at
        from app.orders as o
        left join app.profiles as c on c.id = o.client_id
        left join app.profiles as r on r.id = o.reader_id
        where o.created_at >= %(from)s and o.created_at < %(to)s
        order by o.created_at, o.id""",
    "horoscopes": """
        select h.id, h.created_at, h.horoscope_date, h.sign, h.status, h.source_url,
               h.duration_ms, h.error_code, h.rejection_reason, h.ingested_at, h.ingested_by,
               h.approved_at, h.approved_by, h.rejected_at, h.rejected_by
        from app.horoscopes as h
        where h.created_at >= %(from)s and h.created_at < %(to)s
        order by h.created_at, h.id""",
    "moderation": """
        select m.id, m.occurred_at, m.action, m.actor_id,
               nullif(concat_ws(' ', a.first_name, a.last_name), ''), m.target_profile_id,
               nullif(concat_ws(' ', t.first_name, t.last_name), ''), t.email,
               m.target_order_id, m.reason
        from app.moderation_actions as m
        left join app.profiles as a on a.id = m.actor_id
        left join app.profiles as t on t.id = m.target_profile_id
        where m.occurred_at >= %(from)s and m.occurred_at < %(to)s
        order by m.occurred_at, m.id""",
    "calls": """
        select b.order_id, b.starts_at, b.ends_at, b.minutes, b.cancelled_at, b.reschedule_count,
               b.client_id, nullif(concat_ws(' ', c.first_name, c.last_name), ''), c.phone,
               b.reader_id, nullif(concat_ws(' ', r.first_name, r.last_name), ''), k.state,
               k.initiated_at, k.started_at, k.ended_at, k.duration_seconds, k.end_reason
        from app.call_bookings as b
        left join app.calls as k on k.order_id = b.order_id
        left join app.profiles as c on c.id = b.client_id
        left join app.profiles as r on r.id = b.reader_id
        where b.starts_at >= %(from)s and b.starts_at < %(to)s
        order by b.starts_at, b.order_id""",
    "audit": """
        select l.id, l.occurred_at, l.actor_id, l.actor_role, l.event, l.entity_type,
               l.entity_id, l.old_data, l.new_data, l.request_id
        from app.audit_log as l
        where l.occurred_at >= %(from)s and l.occurred_at < %(to)s
        order by l.occurred_at, l.id""",
}
HEADERS = {
    "orders": ["order_id", "created_at", "status", "service_code", "is_gold", "priority",
               "client_id", "client_name", "client_email", "client_phone", "client_country",
               "client_time_zone", "reader_id", "reader_name", "question", "cancel_reason",
               "assigned_at", "started_at", "submitted_at", "approved_at", "rejected_at",
               "delivered_at", "cancelled_at"],
    "horoscopes": ["horoscope_id", "created_at", "horoscope_date", "sign", "status",
                   "source_url", "duration_ms", "error_code", "rejection_reason", "ingested_at",
                   "ingested_by", "approved_at", "approved_by", "rejected_at", "rejected_by"],
    "moderation": ["action_id", "occurred_at", "action", "actor_id", "actor_name",
                   "target_profile_id", "target_name", "target_email", "target_order_id",
                   "reason"],
    "calls": ["order_id", "starts_at", "ends_at", "minutes", "cancelled_at", "reschedule_count",
              "client_id", "client_name", "client_phone", "reader_id", "reader_name",
              "call_state", "initiated_at", "started_at", "ended_at", "duration_seconds",
              "end_reason"],
    "audit": ["audit_id", "occurred_at", "actor_id", "actor_role", "event", "entity_type",
              "entity_id", "old_data", "new_data", "request_id"],
}
# How a masked export shows a column: through one of the database's masking functions, or
# left out (free text).
MASKED = {
    "orders": {"client_name": "app.mask_name", "client_email": "app.mask_email",
               "client_phone": "app.mask_phone", "reader_name": "app.mask_name",
               "question": None, "cancel_reason": None},
    "horoscopes": {"rejection_reason": None},
    "moderation": {"actor_name": "app.mask_name", "target_name": "app.mask_name",
                   "target_email": "app.mask_email", "reason": None},
    "calls": {"client_name": "app.mask_name", "client_phone": "app.mask_phone",
              "reader_name": "app.mask_name"},
    "audit": {},
}
DATASETS = list(RAW_QUERIES)
# What a spreadsheet runs as a formula when a cell starts with it (docs/ops.md, CSV format).
FORMULA_STARTS = frozenset("=+-@\t\r")
HOSTILE_QUESTION = '=HYPERLINK("https://example.com/?leak","Never mind?")'


def text_connection(dsn: str) -> psycopg.Connection:
    """A connection that reads every value in PostgreSQL's text form, in UTC, as COPY does."""
    conn = psycopg.connect(dsn, autocommit=True)
    for name in ("bool", "uuid", "timestamptz", "date", "int2", "int4", "int8", "jsonb",
                 "bpchar", "text"):
        conn.adapters.register_loader(name, TextLoader)
    conn.execute("set timezone = 'UTC'")
    return conn


def csv_value(value: str | None) -> str:
    return "" if value is None else value


def expected_rows(conn: psycopg.Connection, dataset: str, window: dict[str, datetime],
                  raw: bool) -> list[list[str]]:
    rows = [list(r) for r in conn.execute(RAW_QUERIES[dataset], window).fetchall()]
    if not raw:
        header = HEADERS[dataset]
        for column, mask in MASKED[dataset].items():
            i = header.index(column)
            for row in rows:
                row[i] = None if mask is None else conn.execute(
                    f"select {mask}(%s)", (row[i],)).fetchone()[0]  # noqa: S608 - fixed names
        if dataset == "audit":
            for row in rows:
                for i in (7, 8):  # old_data, new_data without the reasons
                    if row[i] is not None:
                        row[i] = conn.execute(
                            "select (%s::jsonb - array['reason', 'cancel_reason',"
                            " 'rejection_reason'])::text", (row[i],)).fetchone()[0]
    for i in text_columns(conn, dataset):  # every text cell through the database's CSV rule
        for row in rows:
            row[i] = conn.execute("select app.csv_safe(%s)", (row[i],)).fetchone()[0]
    return [[csv_value(v) for v in row] for row in rows]


def text_columns(conn: psycopg.Connection, dataset: str) -> list[int]:
    """The positions of the text columns of the view app.export_<dataset>, in its order."""
    kinds = [kind for (kind,) in conn.execute(
        "select a.atttypid::regtype::text from pg_attribute as a"
        " where a.attrelid = %s::regclass and a.attnum > 0 and not a.attisdropped"
        " order by a.attnum", (f"app.export_{dataset}",)).fetchall()]
    return [i for i, kind in enumerate(kinds) if kind == "text"]


def read_zip(url: str) -> dict[str, list[list[str]]]:
    download = httpx.get(url, timeout=60)
    assert download.status_code == 200, download.text
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert archive.testzip() is None
        return {Path(name).stem: list(csv.reader(io.TextIOWrapper(archive.open(name),
                                                                  encoding="utf-8", newline="")))
                for name in archive.namelist()}


def rpc(client, name: str, **params: Any) -> Any:
    return client.rpc(name, params).execute().data


@pytest.fixture
def operations(database_dsn: str, make_client, make_user, supabase_for) -> dict[str, Any]:
    """A little of everything, made through the API: orders new, in progress, rejected,
    delivered and cancelled of a client with an Arabic name, a block with its reason, and a
    failed horoscope; and, as the platform makes it, a booked call being dialled. Returns the
    users and when it started."""
    start = datetime.now(UTC) - timedelta(seconds=1)
    client, reader, monitor = make_client(), make_user("reader"), make_user("monitor")
    admin, superadmin = make_user("admin"), make_user("superadmin")
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("update app.profiles set first_name = 'سامية', last_name = 'Haddad',"
                     " email = %s where id = %s",
                     (f"samia-{uuid.uuid4().hex[:6]}@example.com", client.id))
    as_client, as_reader = supabase_for(client), supabase_for(reader)
    as_admin, as_monitor = supabase_for(admin), supabase_for(monitor)

    def order(question: str) -> str:
        return rpc(as_client, "create_order", p_service_code="tarot", p_question=question)["id"]

    def started(question: str) -> str:
        order_id = order(question)
        rpc(as_admin, "assign_order", p_order_id=order_id, p_reader_id=reader.id)
        rpc(as_reader, "start_order", p_order_id=order_id)
        return order_id

    order("Will it rain?")
    started("Shall I move?")
    rejected = started("Is he the one?")
    rpc(as_reader, "submit_order_result", p_order_id=rejected, p_output_text="Yes.")
    rpc(as_monitor, "reject_order", p_order_id=rejected, p_reason="test: too short")
    delivered = started("Will I pass?")
    rpc(as_reader, "submit_order_result", p_order_id=delivered, p_output_text="You will.")
    rpc(as_monitor, "approve_order", p_order_id=delivered)
    rpc(as_client, "cancel_order", p_order_id=order(HOSTILE_QUESTION), p_reason="test: changed")
    with psycopg.connect(database_dsn, autocommit=True) as conn:  # a booked call, being dialled
        for user in (client, reader):
            conn.execute("update auth.users set raw_app_meta_data = raw_app_meta_data"
                         " || jsonb_build_object('test_identifier', id::text)"
                         " where id = %s", (user.id,))
        (call_order,) = conn.execute("select tests.create_booked_call(%s, %s, now(), 30)",
                                     (client.id, reader.id)).fetchone()
        conn.execute("insert into app.calls (order_id, conference_name, time_limit_seconds)"
                     " values (%s, 'bk_' || %s, 1800)", (call_order, str(call_order)))
    rpc(as_monitor, "block_profile", p_target_id=reader.id, p_reason="test: rude to a client")
    with psycopg.connect(database_dsn) as conn:  # one transaction: the move, then the row
        conn.execute("select app.name_horoscope_transition('fail')")
        conn.execute(
            "insert into app.horoscopes (sign, horoscope_date, status, source_url, error_code,"
            " error_detail) values ('leo', current_date + 400 + (random() * 5000)::int,"
            " 'failed', 'https://www.tiktok.com/@samia/video/1', 'ZHDWN', 'test: gone')")
    return {"client": client, "reader": reader, "monitor": monitor, "admin": admin,
            "superadmin": superadmin, "start": start}


def exported(database_dsn: str, storage_dir: Path, answer: httpx.Response,
             window: dict[str, datetime], raw: bool) -> dict[str, Any]:
    """Check an export's answer, its file and its row against the database; returns the CSVs."""
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["expires_in"] == 15 * 60 and body["datasets"] == DATASETS
    files = read_zip(body["signed_url"])
    assert sorted(files) == sorted(DATASETS)
    with text_connection(database_dsn) as conn:
        for dataset in DATASETS:
            header, *rows = files[dataset]
            assert header == HEADERS[dataset], dataset
            assert rows == expected_rows(conn, dataset, window, raw), dataset
            assert not [c for r in rows for c in r if c[:1] in FORMULA_STARTS], dataset
            assert body["rows"][dataset] == len(rows)
        row = conn.execute("select raw, row_counts, bytes, storage_path,"
                           " expires_at > now() + interval '49 days' from app.exports"
                           " where id = %s", (body["export_id"],)).fetchone()
    assert row[0] == ("t" if raw else "f") and row[3].startswith("raw/" if raw else "masked/")
    assert int(row[2]) == body["bytes"] and row[4] == "t"
    assert list(storage_dir.glob(f"exports/{row[3]}/*")), "the ZIP is in the exports bucket"
    return files


def test_masked_export_of_every_dataset(ops_export, operations, database_dsn,
                                        storage_dir) -> None:
    window = {"from": operations["start"], "to": datetime.now(UTC) + timedelta(seconds=1)}
    answer = ops_export(operations["admin"], {
        "datasets": DATASETS, "from": window["from"].isoformat(),
        "to": window["to"].isoformat()})
    files = exported(database_dsn, storage_dir, answer, window, raw=False)

    orders = [dict(zip(HEADERS["orders"], r, strict=True)) for r in files["orders"][1:]
              if r[HEADERS["orders"].index("service_code")] == "tarot"]
    assert len(orders) == 5
    assert {o["status"] for o in orders} == {"new", "in_progress", "rejected", "delivered",
                                             "cancelled"}
    assert all(o["client_name"] == "س. H." and o["client_email"].startswith("sa***@example.com")
               and o["client_phone"].startswith("'+971***") and len(o["client_phone"]) == 10
               and o["question"] == "" for o in orders)
    moderation = [dict(zip(HEADERS["moderation"], r, strict=True))
                  for r in files["moderation"][1:]]
    assert {m["action"] for m in moderation} == {"approve", "reject", "block"}
    assert all(m["reason"] == "" for m in moderation)
    calls = [dict(zip(HEADERS["calls"], r, strict=True)) for r in files["calls"][1:]]
    assert [(c["client_name"], c["client_phone"][:8], len(c["client_phone"]), c["call_state"])
            for c in calls] == [("س. H.", "'+971***", 10, "dialing")]
    assert not any("test: " in cell for r in files["audit"][1:] for cell in r), \
        "no reason reaches a masked audit export"


def test_raw_export_of_every_dataset_is_audited(ops_export, operations, database_dsn,
                                                storage_dir) -> None:
    window = {"from": operations["start"], "to": datetime.now(UTC) + timedelta(seconds=1)}
    answer = ops_export(operations["superadmin"], {
        "datasets": DATASETS, "from": window["from"].isoformat(),
        "to": window["to"].isoformat(), "raw": True, "reason": "test: a court order"})
    files = exported(database_dsn, storage_dir, answer, window, raw=True)

    orders = [dict(zip(HEADERS["orders"], r, strict=True)) for r in files["orders"][1:]]
    assert {o["client_name"] for o in orders} == {"سامية Haddad"}
    assert "Will it rain?" in {o["question"] for o in orders}
    assert "'" + HOSTILE_QUESTION in {o["question"] for o in orders}, \
        "a question that would run as a formula is written as text"
    with psycopg.connect(database_dsn) as conn:
        reason = conn.execute(
            "select new_data ->> 'reason' from app.audit_log where event = 'export.raw'"
            " and entity_id = %s and actor_id = %s",
            (answer.json()["export_id"], operations["superadmin"].id)).fetchone()
    assert reason == ("test: a court order",)


def test_an_admin_reads_a_masked_export_but_not_a_raw_one(
        ops_export, operations, api_url, anon_key) -> None:
    from storage3 import SyncStorageClient
    from storage3.exceptions import StorageApiError

    now = datetime.now(UTC)
    window = {"datasets": ["orders"], "from": (now - timedelta(days=1)).isoformat(),
              "to": now.isoformat()}
    raw = ops_export(operations["superadmin"], {**window, "raw": True, "reason": "test: x"})
    masked = ops_export(operations["superadmin"], window)
    paths = {}
    for name, answer in (("raw", raw), ("masked", masked)):
        assert answer.status_code == 200, answer.text
        paths[name] = answer.json()["export_id"]
    storage = SyncStorageClient(f"{api_url}/storage/v1/", {
        "apikey": anon_key, "Authorization": f"Bearer {operations['admin'].token}"})
    listed = {o["name"] for o in storage.from_("exports").list(f"masked/{now:%Y-%m-%d}")}
    assert f"{paths['masked']}.zip" in listed
    with pytest.raises(StorageApiError):
        storage.from_("exports").create_signed_url(
            f"raw/{now:%Y-%m-%d}/{paths['raw']}.zip", 60)


def test_an_admin_over_the_export_limit_is_refused(ops_export, make_user, database_dsn,
                                                    storage_dir) -> None:
    """The `exports` limit (10 an hour per admin): 429 PT429 with when to retry, nothing
    stored; another admin still exports."""
    admin = make_user("admin")
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("insert into app.rate_limit_buckets (action, subject, tokens, refreshed_at)"
                     " values ('exports', %s, 0, now())", (admin.id,))
    now = datetime.now(UTC)
    body = {"datasets": ["orders"], "from": (now - timedelta(days=1)).isoformat(),
            "to": now.isoformat()}
    before = stored_exports(database_dsn, storage_dir)
    answer = ops_export(admin, body)
    assert (answer.status_code, answer.json()["code"]) == (429, "PT429")
    assert json.loads(answer.json()["details"])["retry_after_seconds"] > 0
    assert stored_exports(database_dsn, storage_dir) == before
    assert ops_export(make_user("admin"), body).status_code == 200


def stored_exports(database_dsn: str, storage_dir: Path) -> tuple[int, int, int]:
    with psycopg.connect(database_dsn) as conn:
        rows = conn.execute("select count(*) from app.exports").fetchone()[0]
        objects = conn.execute(
            "select count(*) from storage.objects where bucket_id = 'exports'").fetchone()[0]
    files = sum(1 for p in storage_dir.glob("exports/**/*") if p.is_file())
    return rows, objects, files


@pytest.mark.parametrize(("who", "body", "status", "code"), [
    (None, {}, 401, "AUTRQ"),
    ("client", {}, 403, "42501"),
    ("reader", {}, 403, "42501"),
    ("monitor", {}, 403, "42501"),
    ("admin", {"raw": True, "reason": "test: curious"}, 403, "42501"),
    ("superadmin", {"raw": True}, 400, "RSNRQ"),
    ("superadmin", {"raw": True, "reason": "   "}, 400, "RSNRQ"),
    ("admin", {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, 400, "OPSRG"),
    ("admin", {"to": None}, 400, "OPSRG"),
    ("admin", {"from": "2024-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, 400, "OPSRG"),
    ("admin", {"from": "yesterday"}, 400, "BADRQ"),
    ("admin", {"from": "2026-01-01T00:00:00"}, 400, "BADRQ"),
    ("admin", {"datasets": ["orders", "payments"]}, 400, "EXPDS"),
    ("admin", {"datasets": []}, 400, "EXPDS"),
    ("admin", {"datasets": "orders"}, 400, "BADRQ"),
    ("admin", {"raw": "yes"}, 400, "BADRQ"),
])
def test_refusals_store_nothing(ops_export, make_user, database_dsn, storage_dir, who, body,
                                status, code) -> None:
    user = make_user(who) if who else None
    before = stored_exports(database_dsn, storage_dir)
    request = {"datasets": ["orders"], "from": "2026-01-01T00:00:00Z",
               "to": "2026-01-02T00:00:00Z", **body}
    answer = ops_export(user, request)
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert "signed_url" not in answer.json()
    assert stored_exports(database_dsn, storage_dir) == before
