"""Serve the snapshot sites on 127.0.0.1, one port per site: the project's one loopback server.

Pages may contain ``{{origin:<site>}}``; it is replaced at serve time with that site's
``http://127.0.0.1:<port>`` so cross-site links work on any port. Per-file response headers
(e.g. a Content-Type that lies about the charset) come from ``<site>/_headers.json``.

The server answers conditional requests (ETag / If-Modified-Since) with 304, records every
request it receives, and lets a test replace a page's body at run time (``set_page``).

Tests and benchmarks that need answers no file gives register **routes**: a callable per path
(or path prefix) that receives the request (:class:`Request`) and returns a :class:`Reply` —
status, headers, body, and the faults a real server shows: a delay before answering, a dropped
connection, a body shorter than its ``Content-Length``. ``SnapshotServer(root=None,
sites=["a"])`` serves routes only (no folder), e.g. a fault server or a generated site.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
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
ROBOTS_ALLOW_ALL = b"User-agent: *\nAllow: /\n"
NOT_FOUND = b"<html><body><h1>404 Not Found</h1></body></html>"


@dataclass(frozen=True)
class Hit:
    site: str
    method: str
    path: str  # without the query
    status: int | None  # None: no response was sent (a dropped connection)
    bytes_sent: int
    query: str = ""
    time: float = 0.0  # time.monotonic() when the request arrived

    @property
    def target(self) -> str:
        """The path with its query, as requested."""
        return f"{self.path}?{self.query}" if self.query else self.path


@dataclass(frozen=True)
class Request:
    """What a route handler is given."""

    site: str
    method: str
    path: str
    query: str
    headers: dict[str, str]
    count: int  # 1 for the first request to this route's path on this site, 2 for the next …

    @property
    def params(self) -> dict[str, str]:
        return dict(p.split("=", 1) for p in self.query.split("&") if "=" in p)


@dataclass
class Reply:
    """How a route answers.

    ``delay``: seconds to wait before answering (past a client's timeout: a slow server).
    ``drop``: close the connection without any response. ``length``: the ``Content-Length``
    announced, when it is not ``len(body)`` (larger: a truncated response; the connection is
    closed after the body). ``conditional``: answer a matching ``If-None-Match`` /
    ``If-Modified-Since`` with 304, like the bundled files (an ETag and Last-Modified are
    added).
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    length: int | None = None
    conditional: bool = False
    mtime: float = SNAPSHOT_MTIME


Handler = Callable[[Request], Reply]


class SnapshotServer:
    """Serves every folder of ``root`` (or the named ``sites``) on its own loopback port.

    Use as a context manager, or call ``start()`` / ``stop()``.
    """

    def __init__(self, root: Path | None = SITES_DIR, ports: dict[str, int] | None = None,
                 sites: Iterable[str] | None = None) -> None:
        self.root = Path(root) if root is not None else None
        if sites is not None:
            self.sites = list(sites)
        elif self.root is not None:
            self.sites = sorted(
                p.name for p in self.root.iterdir()
                if p.is_dir() and not p.name.startswith(("_", "."))
            )
        else:
            raise ValueError("SnapshotServer needs a root folder or site names")
        self._wanted_ports = ports or {}
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._ports: dict[str, int] = {}  # kept after stop(): URLs stay printable
        self._threads: list[threading.Thread] = []
        self._overrides: dict[tuple[str, str], tuple[bytes, dict[str, str]]] = {}
        self._routes: dict[tuple[str, str], Handler] = {}
        self._prefix_routes: list[tuple[str, str, Handler]] = []
        self._counts: Counter[tuple[str, str]] = Counter()
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
            server = _Server(("127.0.0.1", self._wanted_ports.get(site, 0)), handler)
            self._servers[site] = server
            self._ports[site] = server.server_address[1]
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
        return self._ports[site]

    def origin(self, site: str) -> str:
        return f"http://127.0.0.1:{self.port(site)}"

    def url(self, site: str, path: str) -> str:
        return self.origin(site) + (path if path.startswith("/") else "/" + path)

    def fill(self, value: Any) -> Any:
        """``value`` (str, list, dict: an expected item) with ``{{origin:<site>}}`` replaced as
        pages are served, and ``{{site}}`` by the loopback host."""
        if isinstance(value, str):
            for site in self.sites:
                value = value.replace("{{origin:" + site + "}}", self.origin(site))
            return value.replace("{{site}}", "127.0.0.1")
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value

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

    def route(self, site: str, path: str, handler: Handler, *, prefix: bool = False) -> str:
        """Answer requests for ``path`` on ``site`` (every path starting with it, if
        ``prefix``) with ``handler(request)``; returns the URL. Routes win over files and
        ``set_page``; the longest matching prefix wins among prefixes."""
        with self._lock:
            if prefix:
                self._prefix_routes = [r for r in self._prefix_routes if r[:2] != (site, path)]
                self._prefix_routes.append((site, path, handler))
                self._prefix_routes.sort(key=lambda r: len(r[1]), reverse=True)
            else:
                self._routes[(site, path)] = handler
        return self.url(site, path)

    def requests_for(self, site: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if site is None or h.site == site]

    def _headers_for(self, site: str) -> dict[str, dict[str, str]]:
        if self.root is None:
            return {}
        f = self.root / site / "_headers.json"
        return json.loads(f.read_text("utf-8")) if f.exists() else {}

    def _route_for(self, site: str, path: str) -> Handler | None:
        with self._lock:
            handler = self._routes.get((site, path))
            if handler is None:
                for s, p, h in self._prefix_routes:
                    if s == site and path.startswith(p):
                        return h
            return handler

    def _next_count(self, site: str, path: str) -> int:
        with self._lock:
            self._counts[(site, path)] += 1
            return self._counts[(site, path)]

    def resolve(self, site: str, path: str) -> tuple[bytes, dict[str, str], float] | None:
        """The body, headers and mtime served for ``path`` (files and ``set_page``; not
        routes), or None for 404."""
        with self._lock:
            override = self._overrides.get((site, path))
        if override is not None:
            body, headers = override
            return self._fill(body), {"Content-Type": "text/html", **headers}, SNAPSHOT_MTIME + 1
        rel = unquote(path).lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        file = None
        if self.root is not None and (self.root / site).is_dir():
            site_dir = (self.root / site).resolve()
            file = (site_dir / rel).resolve()
            if site_dir not in file.parents or not file.is_file() or file.name == "_headers.json":
                file = None
        if file is None:
            if rel == "robots.txt":
                return ROBOTS_ALLOW_ALL, {"Content-Type": "text/plain"}, SNAPSHOT_MTIME
            return None
        headers = {"Content-Type": CONTENT_TYPES.get(file.suffix, "application/octet-stream")}
        headers.update(self._headers_for(site).get("/" + rel, {}))
        return self._fill(file.read_bytes()), headers, SNAPSHOT_MTIME

    def reply_for(self, request: Request) -> Reply:
        """How ``request`` is answered: its route's reply, else the file (304 when unchanged)."""
        handler = self._route_for(request.site, request.path)
        if handler is not None:
            return handler(request)
        found = self.resolve(request.site, request.path)
        if found is None:
            return Reply(404, NOT_FOUND, {"Content-Type": "text/html"})
        body, headers, mtime = found
        return Reply(200, body, headers, conditional=True, mtime=mtime)

    def _fill(self, body: bytes) -> bytes:
        for site in self._ports:
            body = body.replace(b"{{origin:%s}}" % site.encode(), self.origin(site).encode())
        return body

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:  # clients hang up on purpose
        pass


class _Handler(BaseHTTPRequestHandler):
    snapshot: SnapshotServer
    site: str
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read .hits
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - BaseHTTPRequestHandler's naming
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        try:
            self._answer(head)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _answer(self, head: bool) -> None:
        arrived = time.monotonic()
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        srv = self.snapshot
        request = Request(self.site, self.command, path, query, dict(self.headers.items()),
                          srv._next_count(self.site, path))
        reply = srv.reply_for(request)

        def record(status: int | None, sent: int) -> None:
            srv._record(Hit(self.site, self.command, path, status, sent, query, arrived))

        if reply.drop:
            record(None, 0)
            if reply.delay:
                time.sleep(reply.delay)
            self.close_connection = True
            return
        status, body, headers = reply.status, reply.body, dict(reply.headers)
        if reply.conditional and status == 200:
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            headers = {"ETag": etag, "Last-Modified": formatdate(reply.mtime, usegmt=True),
                       **headers}
            if self._not_modified(etag, reply.mtime):
                status, body, headers = 304, b"", {"ETag": etag}
        record(status, 0 if head or status == 304 else len(body))
        if reply.delay:
            time.sleep(reply.delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        length = reply.length if reply.length is not None else len(body)
        self.send_header("Content-Length", str(length) if status != 304 else "0")
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)
        self.wfile.flush()
        if reply.length is not None and reply.length != len(body):
            self.close_connection = True

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
