"""Download a video: a TikTok link with yt-dlp (its TikTok extractors only, used as a library),
a plain media URL with httpx.

A plain URL is not given to yt-dlp: its generic extractor follows redirects and links found in
pages by itself, so it could be led from a public host to a private one. httpx follows no
redirect here; each hop is checked to be on the public internet before it is requested. The
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

import httpx
import yt_dlp
from yt_dlp.utils import DownloadError

from . import service_health

MAX_BYTES = 200 * 1024 * 1024  # a daily horoscope is a short clip; refuse anything huge
ALLOWED_EXTRACTORS = ["tiktok", r"vm\.tiktok"]
# a clip with sound: TikTok's "audio" format is the background music, not the voice
FORMAT = "best[acodec!=none][vcodec!=none]/best[acodec!=none]/best"
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 30
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
    if _is_tiktok(urlsplit(url).hostname or ""):
        return _fetch_tiktok(url, workdir)
    return _fetch_plain(url, workdir)


def _fetch_tiktok(url: str, workdir: Path) -> Path:
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


def _fetch_plain(url: str, workdir: Path) -> Path:
    """GET a plain media URL, following at most MAX_REDIRECTS redirects, each hop checked."""
    target = workdir / "source"
    with httpx.Client(follow_redirects=False, timeout=TIMEOUT_SECONDS, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchFailed(f"Not an http(s) URL: {url[:100]!r}")
            if refuse_private_hosts:
                _refuse_private_host(url)
            try:
                with client.stream("GET", url) as answer:
                    if answer.is_redirect:
                        url = str(answer.url.join(answer.headers.get("location", "")))
                        continue
                    if answer.status_code != 200:
                        raise FetchFailed(f"HTTP Error {answer.status_code}")
                    _save(answer, target)
                    return target
            except httpx.HTTPError as exc:
                raise FetchFailed(f"Download failed: {type(exc).__name__}") from exc
    raise FetchFailed(f"More than {MAX_REDIRECTS} redirects")


def _save(answer: httpx.Response, target: Path) -> None:
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchFailed(f"The file is larger than {MAX_BYTES} bytes")
    written = 0
    with target.open("wb") as out:
        for chunk in answer.iter_bytes():
            written += len(chunk)
            if written > MAX_BYTES:
                raise FetchFailed(f"The file is larger than {MAX_BYTES} bytes")
            out.write(chunk)


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local...)."""
    return ipaddress.ip_address(address.split("%")[0]).is_global


def _is_tiktok(host: str) -> bool:
    return bool(_TIKTOK_HOST.search(host.lower()))


def _refuse_private_host(url: str) -> None:
    """FetchFailed for a URL whose host is, or resolves to, a non-public address."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        raise FetchFailed(f"The host {host[:100]!r} could not be resolved") from None
    for address in addresses:
        if not is_public_address(address):
            raise FetchFailed(f"The host {host[:100]!r} is not on the public internet")
