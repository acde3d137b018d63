"""A fault-injecting HTTP server on 127.0.0.1 for crawl tests.

Each path is configured with a *fault* that decides how it is answered:

==============================  ===========================================================
``ok``                          200, ``text/html; charset=utf-8``
``status:500:then-ok-after:N``  500 (or any status) for the first N hits, then the page
``slow:SECONDS``                sleep SECONDS (past the download timeout), then the page
``drop``                        close the connection without any response
``truncate``                    ``Content-Length`` larger than the body, then close
``redirect-chain:N``            N 302s (``?hop=1`` … ``?hop=N``), then the page
``redirect-loop``               302 to ``?loop=1``, which 302s back to the path itself
``redirect-to:URL``             one 302 to URL (e.g. another server)
``404``                         404 with a small HTML body
``charset-lie``                 header says ``gb2312``, body is UTF-8 (no meta charset)
``no-charset``                  no charset in header or markup, body in GBK
``binary`` / ``binary:TYPE``    random bytes as ``application/octet-stream`` (or TYPE)
``huge:bytes:N``                a valid page padded to N bytes
``garbage``                     random bytes as ``text/html``
==============================  ===========================================================

Pages are minimal 中工网 (workercn) articles: ``h1.ctitle``, ``div.cinfo span.ctime``,
``div.ccontent`` with a byline, paragraphs and a 新闻链接 block of series links. Every request is
recorded (path with query, time, status sent) for assertions.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SERIES = "永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼"
PUBLISHED = "2025-04-10 07:05:12"
PUBLISHED_ISO = "2025-04-10T07:05:12+08:00"


def series_title(province: str, headline: str) -> str:
    return f"{SERIES}丨{province}工会：{headline}"


def default_paragraphs(province: str) -> list[str]:
    return [
        f"{province}各级工会团结动员广大职工建功新时代，推动产业工人队伍建设改革走深走实。",
        f"一年来，{province}工会组织劳动和技能竞赛，职工参与人数超过十万人次。",
        f"{province}总工会表示，将继续当好职工信赖的“娘家人”，维护职工合法权益。",
    ]


@dataclass
class Page:
    province: str
    headline: str
    paragraphs: list[str]
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, anchor text)
    byline: str | None = "本报记者 张三 通讯员 李四"  # first line of the body, not body text
    extra_body: str = ""  # raw markup appended inside div.ccontent, before 新闻链接
    extra_html: str = ""  # raw markup appended after the article

    @property
    def title(self) -> str:
        return series_title(self.province, self.headline)

    @property
    def text(self) -> str:
        """What the crawler should export as ``text``."""
        return "\n".join(self.paragraphs)

    def html(self, charset: str | None = "utf-8") -> str:
        meta = f'<meta charset="{charset}">\n' if charset else ""
        lines = ([self.byline] if self.byline else []) + self.paragraphs
        paras = "\n".join(f"  <p>\u3000\u3000{escape(p)}</p>" for p in lines)
        links = "\n".join(
            f'  <p><a href="{escape(href)}" target="_blank">{escape(text)}</a></p>'
            for href, text in self.links
        )
        related = f"  <p>新闻链接</p>\n{links}\n" if self.links else ""
        return (
            "<!DOCTYPE html>\n<html>\n<head>\n"
            f"{meta}<title>{escape(self.title)} - 全总 - 中工网</title>\n"
            "</head>\n<body>\n<div class=\"article\">\n"
            f' <h1 class="ctitle">{escape(self.title)}</h1>\n'
            f' <div class="cinfo"><span class="ctime">{PUBLISHED}</span> '
            '<span class="csource">来源：工人日报</span></div>\n'
            f' <div class="ccontent">\n{paras}\n{self.extra_body}\n{related} </div>\n'
            f'</div>\n{self.extra_html}\n</body>\n</html>\n'
        )


@dataclass(frozen=True)
class Hit:
    path: str  # with query
    time: float
    status: int | None  # None: no response was sent (drop)


@dataclass
class _Route:
    fault: str
    page: Page | None
    body: bytes | None = None


class FaultServer:
    """``with FaultServer() as srv: srv.route("/a.shtml", "drop", page)`` …"""

    def __init__(self) -> None:
        self._routes: dict[str, _Route] = {}
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.hits: list[Hit] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> FaultServer:
        handler = type("FaultHandler", (_Handler,), {"fault_server": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.block_on_close = False
        server.handle_error = lambda request, client_address: None  # clients hang up on purpose
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="faultserver")
        self._thread.daemon = True
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    # -- addresses -------------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{self.netloc}{path}"

    # -- configuration ---------------------------------------------------------------------
    def route(self, path: str, fault: str = "ok", page: Page | None = None,
              body: bytes | None = None) -> str:
        """Serve ``page`` (or raw ``body``) at ``path`` with ``fault``; returns the URL."""
        _parse_fault(fault)  # fail early on a typo
        with self._lock:
            self._routes[path] = _Route(fault, page, body)
        return self.url(path)

    # -- records ---------------------------------------------------------------------------
    def requests(self, path: str | None = None) -> list[Hit]:
        """Hits on ``path`` (any query), or all hits."""
        with self._lock:
            return [h for h in self.hits if path is None or urlsplit(h.path).path == path]

    def _record(self, path: str, status: int | None) -> None:
        with self._lock:
            self.hits.append(Hit(path, time.monotonic(), status))

    def _next_count(self, path: str) -> int:
        with self._lock:
            self._counts[path] += 1
            return self._counts[path]

    def _lookup(self, path: str) -> _Route | None:
        with self._lock:
            return self._routes.get(path)


_FAULT_RE = re.compile(
    r"^(?:ok|drop|truncate|redirect-loop|404|charset-lie|no-charset|garbage"
    r"|binary(?::[\w/.+-]+)?"
    r"|status:(?P<status>\d{3}):then-ok-after:(?P<after>\d+)"
    r"|slow:(?P<slow>[\d.]+)"
    r"|redirect-chain:(?P<hops>\d+)"
    r"|redirect-to:(?P<target>\S+)"
    r"|huge:bytes:(?P<size>\d+))$"
)


def _parse_fault(fault: str) -> re.Match[str]:
    m = _FAULT_RE.match(fault)
    if m is None:
        raise ValueError(f"unknown fault {fault!r}")
    return m


class _Handler(BaseHTTPRequestHandler):
    fault_server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - BaseHTTPRequestHandler's naming
        try:
            self._serve()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # -- helpers ---------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str | None = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.fault_server._record(self.path, status)
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _serve(self) -> None:
        srv = self.fault_server
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            return
        route = srv._lookup(path)
        if route is None:
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>")
            return
        m = _parse_fault(route.fault)
        fault = route.fault
        page_bytes = route.body if route.body is not None else (
            route.page.html().encode("utf-8") if route.page else b""
        )
        rng = random.Random(path)  # the same bytes on every hit

        if fault == "ok":
            self._send(200, page_bytes)
        elif m["status"]:
            n = srv._next_count(path)
            if n <= int(m["after"]):
                self._send(int(m["status"]), b"<html><body>Server Error</body></html>")
            else:
                self._send(200, page_bytes)
        elif m["slow"]:
            srv._record(self.path, None)
            time.sleep(float(m["slow"]))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page_bytes)))
            self.end_headers()
            self.wfile.write(page_bytes)
        elif fault == "drop":
            srv._record(self.path, None)
            self.close_connection = True
        elif fault == "truncate":
            self._send(200, page_bytes[: len(page_bytes) // 2], length=len(page_bytes) + 5000)
            self.close_connection = True
        elif m["hops"]:
            hop = int(dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("hop", 0))
            if hop < int(m["hops"]):
                self._send(302, b"", headers={"Location": f"{path}?hop={hop + 1}"})
            else:
                self._send(200, page_bytes)
        elif fault == "redirect-loop":
            target = path if query else f"{path}?loop=1"
            self._send(302, b"", headers={"Location": target})
        elif m["target"]:
            self._send(302, b"", headers={"Location": m["target"]})
        elif fault == "404":
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>")
        elif fault == "charset-lie":
            body = route.page.html(charset=None).encode("utf-8") if route.page else page_bytes
            self._send(200, body, "text/html; charset=gb2312")
        elif fault == "no-charset":
            body = route.page.html(charset=None).encode("gbk") if route.page else page_bytes
            self._send(200, body, "text/html")
        elif fault.startswith("binary"):
            ctype = fault.split(":", 1)[1] if ":" in fault else "application/octet-stream"
            body = (b"\x89PNG\r\n\x1a\n" if "png" in ctype else b"") + rng.randbytes(4096)
            self._send(200, body, ctype)
        elif m["size"]:
            size = int(m["size"])
            filler = b"<!-- " + b"x" * max(0, size - len(page_bytes) - 9) + b" -->"
            body = page_bytes.replace(b"</body>", filler + b"</body>", 1)
            self._send(200, body)
        elif fault == "garbage":
            self._send(200, rng.randbytes(8192), "text/html")
        else:  # pragma: no cover - _parse_fault rejects the rest
            raise AssertionError(fault)
