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

There is no server code here: each fault is a route handler (:func:`fault_reply`) on the
project's one loopback server, :class:`crawler.snapshot.server.SnapshotServer`, serving one
site with no folder.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from html import escape

from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from crawler.snapshot.server import NOT_FOUND, Reply, Request, SnapshotServer

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


_FAULT_RE = re.compile(
    r"^(?:ok|drop|truncate|redirect-loop|404|charset-lie|no-charset|garbage"
    r"|binary(?::[\w/.+-]+)?"
    r"|status:(?P<status>\d{3}):then-ok-after:(?P<after>\d+)"
    r"|slow:(?P<slow>[\d.]+)"
    r"|redirect-chain:(?P<hops>\d+)"
    r"|redirect-to:(?P<target>\S+)"
    r"|huge:bytes:(?P<size>\d+))$"
)
HTML_UTF8 = {"Content-Type": "text/html; charset=utf-8"}
SITE = "fault"


def _parse_fault(fault: str) -> re.Match[str]:
    m = _FAULT_RE.match(fault)
    if m is None:
        raise ValueError(f"unknown fault {fault!r}")
    return m


def fault_reply(fault: str, page: Page | None, body: bytes | None, request: Request) -> Reply:
    """The answer to ``request`` for a route configured with ``fault``."""
    m = _parse_fault(fault)
    page_bytes = body if body is not None else (page.html().encode("utf-8") if page else b"")
    rng = random.Random(request.path)  # the same bytes on every hit
    ok = Reply(200, page_bytes, HTML_UTF8)
    if fault == "ok":
        return ok
    if m["status"]:
        if request.count <= int(m["after"]):
            return Reply(int(m["status"]), b"<html><body>Server Error</body></html>", HTML_UTF8)
        return ok
    if m["slow"]:
        return Reply(200, page_bytes, HTML_UTF8, delay=float(m["slow"]))
    if fault == "drop":
        return Reply(drop=True)
    if fault == "truncate":
        return Reply(200, page_bytes[: len(page_bytes) // 2], HTML_UTF8,
                     length=len(page_bytes) + 5000)
    if m["hops"]:
        hop = int(request.params.get("hop", 0))
        if hop < int(m["hops"]):
            return Reply(302, b"", {**HTML_UTF8, "Location": f"{request.path}?hop={hop + 1}"})
        return ok
    if fault == "redirect-loop":
        target = request.path if request.query else f"{request.path}?loop=1"
        return Reply(302, b"", {**HTML_UTF8, "Location": target})
    if m["target"]:
        return Reply(302, b"", {**HTML_UTF8, "Location": m["target"]})
    if fault == "404":
        return Reply(404, NOT_FOUND, HTML_UTF8)
    if fault == "charset-lie":
        lie = page.html(charset=None).encode("utf-8") if page else page_bytes
        return Reply(200, lie, {"Content-Type": "text/html; charset=gb2312"})
    if fault == "no-charset":
        gbk = page.html(charset=None).encode("gbk") if page else page_bytes
        return Reply(200, gbk, {"Content-Type": "text/html"})
    if fault.startswith("binary"):
        ctype = fault.split(":", 1)[1] if ":" in fault else "application/octet-stream"
        data = (b"\x89PNG\r\n\x1a\n" if "png" in ctype else b"") + rng.randbytes(4096)
        return Reply(200, data, {"Content-Type": ctype})
    if m["size"]:
        size = int(m["size"])
        filler = b"<!-- " + b"x" * max(0, size - len(page_bytes) - 9) + b" -->"
        return Reply(200, page_bytes.replace(b"</body>", filler + b"</body>", 1), HTML_UTF8)
    if fault == "garbage":
        return Reply(200, rng.randbytes(8192), {"Content-Type": "text/html"})
    raise AssertionError(fault)  # pragma: no cover - _parse_fault rejects the rest


class FaultServer:
    """``with FaultServer() as srv: srv.route("/a.shtml", "drop", page)`` …

    One site of a :class:`SnapshotServer` with no folder; unrouted paths answer 404, and
    ``/robots.txt`` allows everything.
    """

    def __init__(self) -> None:
        self.server = SnapshotServer(root=None, sites=[SITE])

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> FaultServer:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    # -- addresses -------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self.server.port(SITE)

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
        return self.server.route(
            SITE, path, lambda request: fault_reply(fault, page, body, request)
        )

    # -- records ---------------------------------------------------------------------------
    def requests(self, path: str | None = None) -> list[Hit]:
        """Hits on ``path`` (any query), or all hits."""
        return [Hit(h.target, h.time, h.status) for h in self.server.requests_for(SITE)
                if path is None or h.path == path]
