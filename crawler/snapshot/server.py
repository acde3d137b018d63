"""Serve the snapshot sites on 127.0.0.1, one port per site.

Pages may contain ``{{origin:<site>}}``; it is replaced at serve time with that site's
``http://127.0.0.1:<port>`` so cross-site links work on any port. Per-file response headers
(e.g. a Content-Type that lies about the charset) come from ``<site>/_headers.json``.

The server answers conditional requests (ETag / If-Modified-Since) with 304, records every
request it receives, and lets a test replace a page's body at run time (``set_page``).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITES_DIR = Path(__file__).parent / "sites"
# A fixed Last-Modified for bundled files: checkout mtimes vary, the snapshot does not.
SNAPSHOT_MTIME = 1745000000.0  # 2025-04-18T18:13:20Z
CONTENT_TYPES = {
    ".html": "text/html",
    ".shtml": "text/html",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".json": "application/json",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}


@dataclass(frozen=True)
class Hit:
    site: str
    method: str
    path: str
    status: int
    bytes_sent: int


class SnapshotServer:
    """Serves every folder of ``root`` on its own loopback port.

    Use as a context manager, or call ``start()`` / ``stop()``.
    """

    def __init__(self, root: Path = SITES_DIR, ports: dict[str, int] | None = None) -> None:
        self.root = Path(root)
        self.sites = sorted(
            p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
        )
        self._wanted_ports = ports or {}
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._overrides: dict[tuple[str, str], tuple[bytes, dict[str, str]]] = {}
        self._lock = threading.Lock()
        self.hits: list[Hit] = []

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> SnapshotServer:
        """Bind every site; if one port cannot be bound, nothing is left running."""
        try:
            self._start()
        except OSError:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        for site in self.sites:
            handler = type(f"Handler_{site}", (_Handler,), {"snapshot": self, "site": site})
            server = ThreadingHTTPServer(("127.0.0.1", self._wanted_ports.get(site, 0)), handler)
            server.daemon_threads = True
            self._servers[site] = server
            thread = threading.Thread(target=server.serve_forever, name=f"snapshot-{site}")
            thread.daemon = True
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> SnapshotServer:
        return self if self._servers else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses -------------------------------------------------------------------------
    def port(self, site: str) -> int:
        return self._servers[site].server_address[1]

    def origin(self, site: str) -> str:
        return f"http://127.0.0.1:{self.port(site)}"

    def url(self, site: str, path: str) -> str:
        return self.origin(site) + (path if path.startswith("/") else "/" + path)

    def netlocs(self) -> list[str]:
        """Every site's ``host:port``: what a crawl of the snapshot treats as the mirrors."""
        return [f"127.0.0.1:{self.port(s)}" for s in self.sites]

    # -- content ---------------------------------------------------------------------------
    def set_page(self, site: str, path: str, body: bytes, headers: dict[str, str] | None = None):
        """Serve ``body`` at ``path`` instead of the bundled file (a page that changed)."""
        with self._lock:
            self._overrides[(site, path)] = (body, headers or {})

    def clear_pages(self) -> None:
        with self._lock:
            self._overrides.clear()

    def requests_for(self, site: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if site is None or h.site == site]

    def _headers_for(self, site: str) -> dict[str, dict[str, str]]:
        f = self.root / site / "_headers.json"
        return json.loads(f.read_text("utf-8")) if f.exists() else {}

    def resolve(self, site: str, path: str) -> tuple[bytes, dict[str, str], float] | None:
        """The body, headers and mtime served for ``path``, or None for 404."""
        with self._lock:
            override = self._overrides.get((site, path))
        if override is not None:
            body, headers = override
            return self._fill(body), {"Content-Type": "text/html", **headers}, SNAPSHOT_MTIME + 1
        rel = unquote(path).lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        site_dir = (self.root / site).resolve()
        file = (site_dir / rel).resolve()
        if site_dir not in file.parents or not file.is_file() or file.name == "_headers.json":
            if rel == "robots.txt":
                return b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"}, SNAPSHOT_MTIME
            return None
        headers = {"Content-Type": CONTENT_TYPES.get(file.suffix, "application/octet-stream")}
        headers.update(self._headers_for(site).get("/" + rel, {}))
        return self._fill(file.read_bytes()), headers, SNAPSHOT_MTIME

    def _fill(self, body: bytes) -> bytes:
        for site in self._servers:
            body = body.replace(b"{{origin:%s}}" % site.encode(), self.origin(site).encode())
        return body

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)


class _Handler(BaseHTTPRequestHandler):
    snapshot: SnapshotServer
    site: str
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read .hits
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        path = urlsplit(self.path).path
        found = self.snapshot.resolve(self.site, path)
        if found is None:
            body = b"<html><body><h1>404 Not Found</h1></body></html>"
            self._send(404, body, {"Content-Type": "text/html"}, head, path)
            return
        body, headers, mtime = found
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        headers = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True), **headers}
        if self._not_modified(etag, mtime):
            self._send(304, b"", {"ETag": etag}, True, path)
            return
        self._send(200, body, headers, head, path)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")]
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return parsedate_to_datetime(ims).timestamp() >= int(mtime)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool, path: str):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)) if status != 304 else "0")
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)
        self.snapshot._record(Hit(self.site, self.command, path, status, 0 if head else len(body)))

