"""Extract a video's sound as speech audio with ffmpeg: loudness-normalised with the EBU R128
`loudnorm` filter, mono AAC in an M4A file. The horoscope steps pass the target that
app.loudness_target chose (a reader's voice reference, or the platform's, -16 LUFS by default:
the usual level for spoken word on phones). The audio is re-encoded: a filter cannot work on a
stream copy.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

# loudnorm needs a target even when it only measures (its first pass); the value does not
# change the measurement. The level a conversion aims at is app.loudness_target's, in SQL.
MEASURING_PASS_LUFS = -16
LOUDNORM_RANGE_LUFS = (-70.0, -5.0)  # the integrated targets loudnorm accepts
TRUE_PEAK_DB = -1.5
LOUDNESS_RANGE = 11
SAMPLE_RATE = 48000  # loudnorm resamples to 192 kHz internally; bring it back down
BITRATE = "96k"
TIMEOUT_SECONDS = 300
M4A_MIME = "audio/mp4"


class ConversionFailed(Exception):
    """ffmpeg could not make speech audio of the file: the message says why."""


def ffmpeg_command(source: Path, target: Path, target_lufs: float) -> list[str]:
    """The ffmpeg call that writes `target` (.m4a) from the first audio stream of `source`,
    normalised to `target_lufs` (kept within what loudnorm accepts)."""
    level = min(max(float(target_lufs), LOUDNORM_RANGE_LUFS[0]), LOUDNORM_RANGE_LUFS[1])
    loudnorm = f"loudnorm=I={level:g}:TP={TRUE_PEAK_DB}:LRA={LOUDNESS_RANGE}"
    return [
        shutil.which("ffmpeg") or "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
        "-y", "-i", str(source), "-map", "0:a:0", "-vn", "-af", loudnorm,
        "-ar", str(SAMPLE_RATE), "-ac", "1", "-c:a", "aac", "-b:a", BITRATE,
        "-movflags", "+faststart", str(target),
    ]


def extract_speech_audio(source: Path, target: Path, target_lufs: float) -> Path:
    """Write the speech audio of `source`, normalised to `target_lufs`, to `target`. Raises
    ConversionFailed."""
    try:
        done = subprocess.run(ffmpeg_command(source, target, target_lufs), capture_output=True,
                              text=True, timeout=TIMEOUT_SECONDS, check=False)
    except FileNotFoundError as exc:
        raise ConversionFailed("ffmpeg is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise ConversionFailed(f"ffmpeg took longer than {TIMEOUT_SECONDS} s") from exc
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        target.unlink(missing_ok=True)
        reason = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise ConversionFailed(f"ffmpeg: {reason[0]}")
    return target


class MeasurementFailed(Exception):
    """ffmpeg could not measure the file's loudness: the message says why."""


def integrated_loudness(source: Path) -> float:
    """The integrated loudness of `source` in LUFS, measured by the same EBU R128 `loudnorm`
    filter the conversion uses (its first, measuring pass). Raises MeasurementFailed."""
    loudnorm = (f"loudnorm=I={MEASURING_PASS_LUFS}:TP={TRUE_PEAK_DB}:LRA={LOUDNESS_RANGE}"
                ":print_format=json")
    argv = [shutil.which("ffmpeg") or "ffmpeg", "-nostdin", "-hide_banner", "-i", str(source),
            "-map", "0:a:0", "-af", loudnorm, "-f", "null", "-"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              check=False)
    except FileNotFoundError as exc:
        raise MeasurementFailed("ffmpeg is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise MeasurementFailed(f"ffmpeg took longer than {TIMEOUT_SECONDS} s") from exc
    # loudnorm prints its measurement as the last JSON object on stderr
    start = done.stderr.rfind("{")
    try:
        value = float(json.loads(done.stderr[start:])["input_i"]) if start >= 0 else None
    except (ValueError, KeyError):
        value = None
    if done.returncode != 0 or value is None or not math.isfinite(value):
        raise MeasurementFailed(f"ffmpeg could not measure {source.name}")
    return value
