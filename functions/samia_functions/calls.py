"""Live calls (calls_initiate, monitor_listen / monitor_whisper / monitor_barge,
calls_terminate): glue between the caller's database transaction and Twilio Voice.

The rules are SQL: app.call_initiate_begin (who starts which call, when, dialling whom),
app.call_monitor_begin (who supervises which call and how) and app.call_terminate (who drops
a call, with what reason and block). Each request is one transaction as the caller: SQL checks
and returns a plan, Twilio acts, the service side records what Twilio did, then commit. A
Twilio failure raises inside the transaction, so nothing is written and the action can be
retried; legs Twilio had already placed are hung up again.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg

from . import db
from .errors import BAD_REQUEST, AppError
from .twilio_voice import get_voice
from .web import text_field


def _order_id(body: dict[str, Any]) -> str:
    value = body.get("order_id")
    try:
        return str(UUID(value if isinstance(value, str) else ""))
    except ValueError as exc:
        raise AppError(BAD_REQUEST, "\"order_id\" must be the uuid of a booked call", 400,
                       detail={"field": "order_id"}) from exc


def parse_order(body: dict[str, Any]) -> str:
    """{"order_id": "<uuid>"} of the booked call."""
    return _order_id(body)


def parse_terminate(body: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """{"order_id", "reason", "block": "reader" | "client" | null}: strings or null; SQL
    judges the values (RSNRQ, VCACT)."""
    return (_order_id(body), text_field(body, "reason", nullable=True),
            text_field(body, "block", nullable=True))


def _plan(conn: psycopg.Connection, query: str, params: tuple) -> dict[str, Any]:
    row = conn.execute(query, params).fetchone()
    assert row is not None and row[0] is not None
    return row[0]


def initiate(claims: dict[str, Any], order_id: str) -> dict[str, Any]:
    """The reader starts their booked call: both legs dialled into its conference."""
    voice = get_voice()  # 503 naming missing settings before anything else
    with db.as_user(claims) as conn:
        plan = _plan(conn, "select app.call_initiate_begin(%s)", (order_id,))
        call_id, limit = plan["call_id"], plan["time_limit_seconds"]
        placed: list[str] = []
        try:
            for leg in ("reader", "client"):  # the reader's leg starts the conference
                placed.append(voice.dial(plan[leg]["phone"], call_id, leg, limit))
            with db.elevated_to_service(conn, claims):
                conn.execute("select app.call_record_legs(%s, %s, %s)",
                             (call_id, placed[0], placed[1]))
        except BaseException:
            voice.cancel_quietly(placed)
            raise
    return {"call_id": call_id, "order_id": order_id, "state": "dialing",
            "conference_name": plan["conference_name"], "time_limit_seconds": limit}


def monitor(claims: dict[str, Any], order_id: str, action: str) -> dict[str, Any]:
    """listen: the monitor's phone joins muted, without a beep; whisper: coaching the reader,
    then unmuted (only the reader hears); barge: coaching off, unmuted (everyone hears)."""
    voice = get_voice()
    with db.as_user(claims) as conn:
        plan = _plan(conn, "select app.call_monitor_begin(%s, %s)", (order_id, action))
        conference, leg = plan["conference_sid"], plan["monitor_call_sid"]
        if action == "listen":
            leg = voice.add_monitor(conference, plan["monitor_phone"],
                                    f"monitor-{plan['monitor_id'][:8]}", plan["call_id"],
                                    plan["time_limit_seconds"])
        elif action == "whisper":  # coach first, then unmute: the client never hears it
            voice.update_participant(conference, leg, coaching=True,
                                     call_sid_to_coach=plan["reader_call_sid"])
            voice.update_participant(conference, leg, muted=False)
        else:
            voice.update_participant(conference, leg, coaching=False, muted=False)
        try:
            with db.elevated_to_service(conn, claims):
                conn.execute("select app.call_record_monitor_action(%s, %s, %s, %s)",
                             (plan["call_id"], plan["monitor_id"], action, leg))
        except BaseException:
            if action == "listen":
                voice.remove_quietly(conference, leg)
            raise
    return {"call_id": plan["call_id"], "order_id": order_id, "action": action,
            "monitor_call_sid": leg}


def terminate(claims: dict[str, Any], order_id: str, reason: str | None, block: str | None
              ) -> dict[str, Any]:
    """A monitor drops the call (and may block one party): recorded first, then Twilio ends
    the conference, then commit; a Twilio failure undoes the records, block included."""
    voice = get_voice()
    with db.as_user(claims) as conn:
        plan = _plan(conn, "select app.call_terminate(%s, %s, %s)", (order_id, reason, block))
        voice.end(plan["conference_sid"], (plan["reader_call_sid"], plan["client_call_sid"]))
    return {"call_id": plan["call_id"], "order_id": order_id, "state": "ended",
            "end_reason": "dropped", "blocked": plan["blocked"]}


def end_stuck_calls(conn: psycopg.Connection, found: dict[str, Any],
                    storage: Any) -> dict[str, Any]:
    """The Python step of job end_stuck_calls (job_steps): hang each call the SQL part found up
    at Twilio, then record why it ended, in the run's own transaction. A call Twilio fails on
    stays for the next run."""
    calls = found.get("calls") or []
    if not calls:
        return {"calls": []}
    voice = get_voice()
    done = []
    for call in calls:
        try:
            voice.end(call["conference_sid"], (call["reader_call_sid"],
                                               call["client_call_sid"]))
        except AppError as exc:
            done.append({"call_id": call["call_id"], "reason": call["reason"],
                         "ended": False, "error": exc.code})
            continue
        (reason,) = conn.execute("select app.call_record_end(%s, %s)",
                                 (call["call_id"], call["reason"])).fetchone() or (None,)
        done.append({"call_id": call["call_id"], "reason": reason, "ended": True})
    return {"calls": done}
