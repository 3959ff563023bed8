"""A loopback TikTok for tests: an HTTP proxy on 127.0.0.1 that yt-dlp is pointed at.

yt-dlp opens `CONNECT www.tiktok.com:443` (and the video CDN host) through it; the proxy
answers the tunnel itself with TLS under a self-signed certificate made at start with the
`openssl` CLI (the test turns yt-dlp's certificate checks off), so nothing leaves the machine.
It serves what yt-dlp's real TikTok extractor reads: a video page whose
`__UNIVERSAL_DATA_FOR_REHYDRATION__` script holds `webapp.video-detail` → `itemInfo.itemStruct`
with the video's `playAddr` on the CDN host, and the mp4 there. Plain `http://127.0.0.1:<port>/
files/<name>` serves a file directly, for yt-dlp's generic extractor.

Test controls: `add_video(id, mp4_bytes)`, `page_faults[id] = "404" | "broken_json"`, `files`,
and `requests` (every host and path asked for).
"""

from __future__ import annotations

import contextlib
import json
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PAGE_HOST = "www.tiktok.com"
CDN_HOST = "v16-webapp-prime.tiktok.com"
USER = "samia.horoscopes"


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for both TikTok hosts (openssl CLI; nothing downloaded). An
    EC P-256 key: made at once, where an RSA key takes a random fraction of a second per test."""
    cert, key = directory / "tiktok-fake.crt", directory / "tiktok-fake.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1",
         "-subj", f"/CN={PAGE_HOST}", "-addext", f"subjectAltName=DNS:{PAGE_HOST},DNS:{CDN_HOST}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    return cert, key


def video_page(video_id: str, broken: bool = False) -> bytes:
    """A page shaped like TikTok's video page, as the extractor parses it."""
    item = {
        "id": video_id,
        "desc": f"Daily horoscope {video_id}",
        "createTime": "1764547200",
        "author": {"uniqueId": USER, "id": "6900000000000000001", "nickname": "Samia",
                   "secUid": "MS4wLjABAAAAfake"},
        "video": {"id": video_id, "duration": 3, "width": 160, "height": 120,
                  "playAddr": f"https://{CDN_HOST}/video/{video_id}.mp4",
                  "bitrateInfo": []},
        "stats": {"playCount": 1, "diggCount": 0, "shareCount": 0, "commentCount": 0},
    }
    data = {"__DEFAULT_SCOPE__": {"webapp.video-detail": {
        "statusCode": 0, "statusMsg": "", "itemInfo": {"itemStruct": item}}}}
    payload = json.dumps(data)
    if broken:
        payload = payload[: len(payload) // 2]  # cut mid-object: not JSON
    return (
        '<!DOCTYPE html><html><head><title>TikTok</title></head><body>'
        '<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">'
        f"{payload}</script></body></html>"
    ).encode()


class TikTokFake:
    def __init__(self, workdir: Path) -> None:
        self.cert, self.key = make_certificate(workdir)
        self.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.tls.load_cert_chain(self.cert, self.key)
        self.videos: dict[str, bytes] = {}
        self.page_faults: dict[str, str] = {}
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}  # files/<name> answered with a 302 to this URL
        self.requests: list[tuple[str, str]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def video_url(self, video_id: str) -> str:
        return f"https://{PAGE_HOST}/@{USER}/video/{video_id}"

    def file_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/files/{name}"

    def add_video(self, video_id: str, mp4: bytes) -> str:
        self.videos[video_id] = mp4
        return self.video_url(video_id)

    def start(self) -> TikTokFake:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, host: str, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for a GET of host + path (for a 302, the body is the
        Location)."""
        self.requests.append((host, path))
        parts = path.strip("/").split("/")
        if host == PAGE_HOST and len(parts) == 3 and parts[1] == "video":
            video_id = parts[2]
            fault = self.page_faults.get(video_id)
            if fault == "404" or video_id not in self.videos:
                return 404, "text/html", b"<html><body>Page not found</body></html>"
            return 200, "text/html; charset=utf-8", video_page(video_id, fault == "broken_json")
        if host == CDN_HOST and len(parts) == 2 and parts[0] == "video":
            body = self.videos.get(parts[1].removesuffix(".mp4"))
            if body is not None:
                return 200, "video/mp4", body
        if host.startswith("127.0.0.1") and len(parts) == 2 and parts[0] == "files":
            if parts[1] in self.redirects:
                return 302, "text/plain", self.redirects[parts[1]].encode()
            body = self.files.get(parts[1])
            if body is not None:
                return 200, "video/mp4", body
        return 404, "text/plain", b"not found"


def _handler_for(fake: TikTokFake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        tunnel_host: str | None = None

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def handle(self) -> None:
            # the client may hang up mid-request: nothing to answer then
            with contextlib.suppress(ConnectionError, ssl.SSLError, TimeoutError):
                super().handle()

        def do_CONNECT(self) -> None:  # noqa: N802 (http.server's naming)
            self.send_response(200, "Connection established")
            self.end_headers()
            self.wfile.flush()
            try:
                tls = fake.tls.wrap_socket(self.connection, server_side=True)
            except (ssl.SSLError, OSError):
                self.close_connection = True
                return
            self.tunnel_host = self.path.rsplit(":", 1)[0]
            self.connection = tls
            self.rfile = tls.makefile("rb")
            self.wfile = tls.makefile("wb")
            self.close_connection = False
            while not self.close_connection:
                try:
                    self.handle_one_request()
                except (ssl.SSLError, OSError):
                    break

        def do_GET(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            host = self.tunnel_host or url.netloc or self.headers.get("Host", "")
            status, content_type, body = fake.answer(host, url.path)
            self.send_response(status)
            if status == 302:
                self.send_header("Location", body.decode())
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()

    return Handler
