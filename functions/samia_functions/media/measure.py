"""What a file is, measured from its bytes: type from the magic bytes (`filetype`), duration,
codec and channels from ffprobe and a full decode (ffmpeg), images verified and decoded with
Pillow. Measuring decides nothing: the database (app.media_check_upload) judges the numbers.
A file that cannot be read as what its bytes claim is refused here (MEDBD), since no number
could be measured from it."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filetype
from PIL import Image, UnidentifiedImageError

from ..errors import MEDIA_DAMAGED, NOT_CONFIGURED, AppError

PROBE_TIMEOUT_SECONDS = 120
# A decode that plays this much less than the container declares is a truncated file (an mp3
# cut in half still declares its full length in its header).
TRUNCATION_TOLERANCE = 0.05
TRUNCATION_SLACK_MS = 250
KINDS = ("audio", "image", "video")


@dataclass(frozen=True)
class Measured:
    kind: str | None  # None: the bytes match no known type
    mime_type: str | None
    duration_ms: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


def measure(path: Path) -> Measured:
    """Type, duration and details of the file at `path`; MEDBD when it is damaged."""
    guess = filetype.guess(str(path))
    kind = guess.mime.split("/", 1)[0] if guess else None
    if kind not in KINDS:
        return Measured(None, guess.mime if guess else None)
    if kind == "image":
        return Measured(kind, guess.mime, None, _image_details(path))
    return _timed_media(path, kind, guess.mime)


def _damaged(what: str, reason: str) -> AppError:
    return AppError(MEDIA_DAMAGED, f"The file is not a readable {what}", 400,
                    detail={"reason": reason[:300]},
                    hint="Send the complete, original file.")


def _image_details(path: Path) -> dict[str, Any]:
    # verify() checks the structure without decoding; it leaves the image unusable, so the
    # file is opened again and decoded in full, which catches a truncated JPEG
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            image.load()
            return {"width": image.width, "height": image.height, "format": image.format}
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError,
            Image.DecompressionBombError) as exc:
        raise _damaged("image", str(exc)) from exc


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=False,
                              timeout=PROBE_TIMEOUT_SECONDS)
    except FileNotFoundError as exc:
        raise AppError(NOT_CONFIGURED, f"{argv[0]} is not installed", 503,
                       hint="Install ffmpeg (with ffprobe) where the functions run.") from exc
    except subprocess.TimeoutExpired as exc:
        raise _damaged("recording", "measuring it took too long") from exc


def _timed_media(path: Path, kind: str, mime_type: str) -> Measured:
    probe = _run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                  "-show_streams", str(path)])
    if probe.returncode != 0:
        raise _damaged("recording", probe.stderr.strip() or "ffprobe refused it")
    info = json.loads(probe.stdout or "{}")
    streams = info.get("streams", [])
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if kind == "video" and video is None and audio is not None:
        # an MP4 container holding only sound is audio, whatever brand its header names
        kind, mime_type = "audio", "audio/mp4"
    stream = video if kind == "video" else audio
    if stream is None:
        raise _damaged("recording", f"it holds no {kind} stream")
    played_ms = _decoded_ms(path, "v" if kind == "video" else "a")
    declared = info.get("format", {}).get("duration")
    declared_ms = round(float(declared) * 1000) if declared else None
    if declared_ms and played_ms < declared_ms * (1 - TRUNCATION_TOLERANCE) - TRUNCATION_SLACK_MS:
        raise _damaged("recording", f"it plays {played_ms} ms of the {declared_ms} ms it declares")
    details: dict[str, Any] = {"codec": stream.get("codec_name"),
                               "container": info.get("format", {}).get("format_name")}
    if audio is not None:
        details["channels"] = audio.get("channels")
        details["sample_rate"] = int(audio["sample_rate"]) if audio.get("sample_rate") else None
    if video is not None:
        details["width"], details["height"] = video.get("width"), video.get("height")
    return Measured(kind, mime_type, played_ms, details)


def _decoded_ms(path: Path, stream: str) -> int:
    """How long the first stream of that type really plays: decoded in full, stopping at the
    first error (a corrupt or cut-off packet)."""
    decode = _run(["ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", str(path),
                   "-map", f"0:{stream}:0", "-f", "null", "-progress", "pipe:1", "-nostats", "-"])
    if decode.returncode != 0:
        raise _damaged("recording", decode.stderr.strip() or "it does not decode")
    times = [line.split("=", 1)[1] for line in decode.stdout.splitlines()
             if line.startswith("out_time_us=")]
    if not times or not times[-1].strip().isdigit():
        raise _damaged("recording", "it plays for no time at all")
    return int(times[-1]) // 1000
