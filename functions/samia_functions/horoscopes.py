"""Daily horoscopes from TikTok (horoscopes_ingest, regenerate_horoscope, horoscopes_archive):
the glue between yt-dlp, ffmpeg, the media path and the database.

The rules are SQL: who may ingest (app.horoscope_ingest_begin), which state a horoscope may
move to and what that resets (app.record_horoscope_audio and the horoscopes trigger), who sees
what (the policies). Per sign: download the video, extract speech audio, store it through the
media path, then write the row as pending; a failed download or conversion is written as a
`failed` row with its code and message, and no file is kept. If the row cannot be written the
stored file is removed again, and the audio a row no longer uses is removed after the write,
so no file outlives its horoscope.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb

from . import db, horoscope_audio
from .errors import BAD_REQUEST, AppError
from .horoscope_audio import Caller
from .speech_audio import ConversionFailed, extract_speech_audio
from .video_fetch import FetchFailed, fetch_video

DOWNLOAD_FAILED = "ZHDWN"  # recorded on the row: the video could not be downloaded
AUDIO_FAILED = "ZHAUD"  # recorded on the row: ffmpeg could not extract the audio
MAX_ERROR_DETAIL = 2000  # the column's limit

_BEGIN_INGEST = "select app.horoscope_ingest_begin(%s, %s)::text"
_BEGIN_REGENERATE = "select app.horoscope_regenerate_begin(%s, %s)"
_PLATFORM_LOUDNESS = "select (app.loudness_target() ->> 'target_lufs')::float8"
_RECORD = "select app.record_horoscope_audio(%s, %s, %s::date, %s, %s, %s, %s, %s)"
_ARCHIVE = "select public.list_horoscope_archive()"


def parse_ingest(body: dict[str, Any]) -> tuple[Any, Any]:
    """{"date": "YYYY-MM-DD", "sources": {"<sign>": "<url>", ...}} or {"date", "sign", "url"}:
    returns (sources, date) for SQL to judge; only the shape is checked here."""
    if "sources" in body:
        sources = body["sources"]
    elif "sign" in body or "url" in body:
        sources = {body.get("sign"): body.get("url")} if isinstance(body.get("sign"), str) else []
    else:
        raise AppError(BAD_REQUEST, "Give \"sources\" ({sign: url}) or \"sign\" and \"url\"", 400)
    date = body.get("date")
    if date is not None and not isinstance(date, str):
        raise AppError(BAD_REQUEST, "\"date\" must be a string YYYY-MM-DD", 400,
                       detail={"field": "date"})
    return sources, date


def parse_regenerate(body: dict[str, Any]) -> tuple[str, str | None]:
    """{"horoscope_id": "<uuid>", "reader_id"?: "<uuid>"}: returns both (the reader whose voice
    reference sets the level, or None); SQL judges whether they exist."""
    return _uuid(body, "horoscope_id"), (_uuid(body, "reader_id")
                                         if body.get("reader_id") is not None else None)


def _uuid(body: dict[str, Any], field: str) -> str:
    try:
        return str(uuid.UUID(body.get(field)))
    except (TypeError, ValueError, AttributeError) as exc:
        raise AppError(BAD_REQUEST, f"\"{field}\" must be a uuid", 400,
                       detail={"field": field}) from exc


def ingest(caller: Caller, sources: Any, date: Any) -> dict:
    """Ingest one sign or several for a day; each sign's outcome is in "results"."""
    with db.as_user(caller.claims) as conn:
        day = conn.execute(_BEGIN_INGEST, (Jsonb(sources), date)).fetchone()[0]
        target_lufs = conn.execute(_PLATFORM_LOUDNESS).fetchone()[0]
    results = [_ingest_one(caller, "ingest", sign, day, url, target_lufs)
               for sign, url in sources.items()]
    return {"date": day, "results": results}


def regenerate(caller: Caller, horoscope_id: str, reader_id: str | None = None) -> dict:
    """Extract the audio of a horoscope again from its stored source, levelled to the loudness
    SQL chose (the reader's voice reference, else the platform target); back to pending."""
    with db.as_user(caller.claims) as conn:
        source = conn.execute(_BEGIN_REGENERATE, (horoscope_id, reader_id)).fetchone()[0]
    loudness = source["loudness"]
    done = _ingest_one(caller, "regenerate", source["sign"], source["date"],
                       source["source_url"], float(loudness["target_lufs"]))
    return {**done, "loudness": loudness}


def archive(caller: Caller) -> dict:
    """The admin archive (list_horoscope_archive) with a signed URL for each audio."""
    with db.as_user(caller.claims) as conn:
        rows = conn.execute(_ARCHIVE).fetchone()[0]
    with_audio = [row for row in rows if row.get("audio")]
    urls = horoscope_audio.signed_urls(caller, [(r["audio"]["bucket"], r["audio"]["path"])
                                                for r in with_audio])
    for row, url in zip(with_audio, urls, strict=True):
        row["audio_url"] = url
    return {"horoscopes": rows}


def _ingest_one(caller: Caller, transition: str, sign: str, day: str, url: str,
                target_lufs: float) -> dict:
    new_source = url if transition == "ingest" else None
    with tempfile.TemporaryDirectory(prefix="horoscope-") as workdir:
        try:
            video = fetch_video(url, Path(workdir))
            audio = extract_speech_audio(video, Path(workdir) / f"{sign}.m4a", target_lufs)
        except FetchFailed as exc:
            return _record_failure(caller, sign, day, new_source, DOWNLOAD_FAILED, exc)
        except ConversionFailed as exc:
            return _record_failure(caller, sign, day, new_source, AUDIO_FAILED, exc)
        stored = horoscope_audio.store(caller, audio)
    try:
        saved = _record(caller, transition, sign, day, new_source, stored["id"],
                        stored["duration_ms"], None, None)
    except Exception:
        horoscope_audio.remove(caller, stored["id"])  # no file without its horoscope
        raise
    _remove_replaced(caller, saved)
    return {"sign": sign, "status": "pending", "horoscope": saved["horoscope"]}


def _record_failure(caller: Caller, sign: str, day: str, url: str | None, code: str,
                    exc: Exception) -> dict:
    message = str(exc)[:MAX_ERROR_DETAIL] or type(exc).__name__
    saved = _record(caller, "fail", sign, day, url, None, None, code, message)
    _remove_replaced(caller, saved)
    return {"sign": sign, "status": "failed", "error": {"code": code, "message": message},
            "horoscope": saved["horoscope"]}


def _record(caller: Caller, *args: Any) -> dict:
    with db.as_user(caller.claims) as conn:
        return conn.execute(_RECORD, args).fetchone()[0]


def _remove_replaced(caller: Caller, saved: dict) -> None:
    if saved.get("replaced_media_id"):
        horoscope_audio.remove(caller, saved["replaced_media_id"])
