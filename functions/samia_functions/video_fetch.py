"""Download a video with yt-dlp, used as a library: its TikTok extractor for TikTok links and
its generic extractor for a plain media URL.

Only these extractors may run, so a link to another site is refused rather than scraped. The
transport options (proxy, certificate checks) are production's unless a test replaces
`transport_options` with its loopback proxy: certificate checks stay on everywhere else.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yt_dlp
from yt_dlp.utils import DownloadError

from . import service_health

MAX_BYTES = 200 * 1024 * 1024  # a daily horoscope is a short clip; refuse anything huge
ALLOWED_EXTRACTORS = ["tiktok", r"vm\.tiktok", "generic"]
# a clip with sound: TikTok's "audio" format is the background music, not the voice; a plain
# file (generic extractor) declares no codecs, hence the last choice
FORMAT = "best[acodec!=none][vcodec!=none]/best[acodec!=none]/best"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Tests replace this with {"proxy": ..., "nocheckcertificate": True}; production adds nothing.
transport_options: dict[str, Any] = {}
# A plain URL (not TikTok's) must name a host on the public internet: staff must not be able to
# make the function fetch the cloud's metadata server or a private service. Tests that serve
# their plain mp4 on loopback turn this off.
refuse_private_hosts = True
_TIKTOK_HOST = re.compile(r"(^|\.)tiktok\.com$")


class FetchFailed(Exception):
    """The video could not be downloaded: the message says why, in yt-dlp's words."""


class _QuietLogger:
    """yt-dlp's messages stay out of the function's output; errors come back as FetchFailed."""

    def debug(self, msg: str) -> None:
        pass

    def info(self, msg: str) -> None:
        pass

    def warning(self, msg: str) -> None:
        pass

    def error(self, msg: str) -> None:
        pass


def fetch_video(url: str, workdir: Path) -> Path:
    """Download the video at `url` into `workdir`; returns the file. Raises FetchFailed."""
    if refuse_private_hosts:
        _refuse_private_host(url)
    options = {
        "outtmpl": str(workdir / "source.%(ext)s"),
        "format": FORMAT,
        "allowed_extractors": ALLOWED_EXTRACTORS,
        "noplaylist": True,
        "max_filesize": MAX_BYTES,
        "socket_timeout": 30,
        "retries": 2,
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "logger": _QuietLogger(),
        **transport_options,
    }
    try:
        with yt_dlp.YoutubeDL(options) as ydl:
            info = ydl.extract_info(url, download=True)
    except DownloadError as exc:
        message = _ANSI.sub("", str(exc)).removeprefix("ERROR: ").split(
            "; please report this issue")[0]
        # ZHDWN: the code the ingest answers for a failed download (horoscopes.DOWNLOAD_FAILED)
        service_health.record_error(service_health.TIKTOK, "ZHDWN", message)
        raise FetchFailed(message) from exc
    downloads = (info or {}).get("requested_downloads") or []
    files = [Path(d["filepath"]) for d in downloads if d.get("filepath")]
    if not files or not files[0].is_file():
        raise FetchFailed("yt-dlp reported no downloaded file")
    return files[0]


def _refuse_private_host(url: str) -> None:
    """FetchFailed for a plain URL whose host is, or resolves to, a non-public address."""
    host = urlsplit(url).hostname or ""
    if _TIKTOK_HOST.search(host.lower()):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        raise FetchFailed(f"The host {host[:100]!r} could not be resolved") from None
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FetchFailed(f"The host {host[:100]!r} is not on the public internet")
