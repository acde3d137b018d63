"""Downloader middlewares: decide encodings by evidence; retry with exponential backoff that
holds no slot; host policy on every request; sanitize every HTML tree once."""

from __future__ import annotations

import logging
import time

from charset_normalizer import from_bytes
from scrapy import Request, Spider, signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.asyncio import call_later
from scrapy.utils.request import request_from_dict
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from crawler.locate.sanitize import prepare

logger = logging.getLogger(__name__)

# UTF-8 wins while at most one multi-byte character in MAX_BAD_SHARE is broken: a stray byte or
# a cut last character leaves a page UTF-8, while GBK bytes read as UTF-8 give 3-4 broken
# characters per one that happens to decode (measured on the snapshot's and real GBK pages).
# The same tolerance lets a declared legacy encoding (GBK/GB18030, Big5) have a few bad bytes.
MAX_BAD_SHARE = 10


_HIGH_BYTES = bytes(range(128, 256))


def _norm(encoding: str | None) -> str | None:
    """w3lib's canonical name (GB2312 and GBK → GB18030, their superset)."""
    return resolve_encoding(encoding) if encoding else None


def declared_encodings(body: bytes, content_type: str = "") -> list[str]:
    """The charsets a page claims, resolved by w3lib: the HTTP header's, then the markup's
    (``<meta charset>``, ``http-equiv``, XML declaration)."""
    declared = []
    if enc := http_content_type_encoding(content_type):
        declared.append(enc)
    if enc := html_body_declared_encoding(body):
        declared.append(enc)
    return declared


def _errors(body: bytes, encoding: str) -> tuple[int, int]:
    """(characters that fail, multi-byte characters that decode) reading ``body`` as
    ``encoding`` — over the whole body, in C."""
    try:
        text = body.decode(encoding, "replace")
    except LookupError:
        return len(body), 0
    replaced = text.count("\ufffd")
    # A U+FFFD the page really contains (EF BF BD in UTF-8) is not an error.
    bad = replaced - (body.count(b"\xef\xbf\xbd") if encoding == "utf-8" else 0)
    ascii_bytes = len(body.translate(None, _HIGH_BYTES))
    multibyte = len(text) - ascii_bytes - replaced
    return max(bad, 0), max(multibyte, 0)


def _mostly_decodes(body: bytes, encoding: str) -> bool:
    bad, good = _errors(body, encoding)
    return bad == 0 or bad * MAX_BAD_SHARE <= good


def encoding_by_evidence(body: bytes, declared: list[str]) -> str:
    """The encoding the bytes are really in, judged on the whole body.

    A byte-order mark decides. Otherwise UTF-8 wins when the page decodes as UTF-8 with at
    most a few broken characters among its multi-byte ones (valid UTF-8 multi-byte sequences
    are almost never anything else), whatever is declared; then the first declared encoding
    that decodes with at most a few bad bytes; then charset-normalizer.
    """
    bom, _ = read_bom(body)
    if bom:
        return bom
    if _mostly_decodes(body, "utf-8"):
        return "utf-8"
    for enc in declared:
        norm = _norm(enc)
        if norm and norm != "utf-8" and _mostly_decodes(body, norm):
            return norm
    best = from_bytes(body, cp_isolation=["gb18030", "big5", "utf-8", "latin-1"]).best()
    if best is not None:
        return _norm(best.encoding) or "utf-8"
    return "gb18030"


class EncodingEvidenceMiddleware:
    """Re-decodes HTML responses whose declared charset does not match their bytes.

    Chinese news sites often declare GB2312 and send UTF-8, or the reverse; Scrapy trusts the
    HTTP header first, which turns such pages into mojibake.
    """

    def __init__(self, stats=None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None):
        if not isinstance(response, TextResponse) or not response.body:
            return response
        header = response.headers.get(b"Content-Type", b"").decode("latin-1")
        declared = declared_encodings(response.body, header)
        actual = encoding_by_evidence(response.body, declared)
        current = _norm(response.encoding)
        if current == actual:
            return response
        if declared and _norm(declared[0]) != actual:
            logger.info(
                "Page %s declares %s but its bytes are %s; decoding as %s",
                response.url, declared[0], actual, actual,
            )
            if self.stats:
                self.stats.inc_value("encoding/declared_mismatch")
        cls = HtmlResponse if isinstance(response, HtmlResponse) else type(response)
        return response.replace(cls=cls, encoding=actual)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry middleware, waiting ``RETRY_BACKOFF_BASE * 2**(n-1)`` seconds (at most
    ``RETRY_BACKOFF_MAX``) before retry n — without holding anything while it waits.

    Hammering a failing server right away rarely helps; a growing pause often does. The pause
    must not cost the other pages of the site their turn, so nothing sleeps in a downloader
    hook (a request there still counts against ``CONCURRENT_REQUESTS``): the retry request is
    returned at once, stamped with ``meta["retry_not_before"]`` (a Unix time). The engine hands
    it to the scheduler through ``request_scheduled``; there, a request whose time has not come
    is kept aside (the signal's ``IgnoreRequest`` keeps it out of the queue) and given back with
    ``engine.crawl()`` when it is due. While retries wait, ``spider_idle`` keeps the spider
    open.

    With ``JOBDIR``, the waiting retries are also kept in ``spider.state`` (which Scrapy's
    SpiderState saves when the spider closes): a crawl paused while a retry waits gets it back
    when it resumes, instead of losing the page (the scheduler's disk queue never held it).
    """

    NOT_BEFORE = "retry_not_before"
    STATE_KEY = "waiting_retries"

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.waiting: dict[int, tuple[Request, object]] = {}  # id(request) -> (request, timer)

    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        crawler.signals.connect(mw.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(mw.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def backoff(self, retry: Request) -> float:
        n = retry.meta.get("retry_times", 1)
        return min(self.backoff_max, self.backoff_base * 2 ** (n - 1))

    def _stamp(self, result):
        if isinstance(result, Request) and self.backoff_base > 0:
            result.meta[self.NOT_BEFORE] = time.time() + self.backoff(result)
        return result

    def process_response(self, request, response, spider=None):  # type: ignore[override]
        return self._stamp(super().process_response(request, response))

    def process_exception(self, request, exception, spider=None):  # type: ignore[override]
        return self._stamp(super().process_exception(request, exception))

    # -- waiting outside the scheduler ----------------------------------------------------
    def request_scheduled(self, request: Request, spider=None) -> None:
        not_before = request.meta.get(self.NOT_BEFORE)
        if not_before is None:
            return
        wait = min(not_before - time.time(), self.backoff_max)
        if wait <= 0:
            return
        self._wait(request, wait)
        raise IgnoreRequest("retry waits for its backoff")  # not dropped: released later

    def _wait(self, request: Request, seconds: float) -> None:
        self.waiting[id(request)] = (request, call_later(seconds, self._release, request))
        self._save_state()

    def _release(self, request: Request) -> None:
        if self.waiting.pop(id(request), None) is None:
            return
        self._save_state()
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            engine.crawl(request)

    def _state(self) -> dict | None:
        state = getattr(self.crawler.spider, "state", None)  # set by SpiderState with JOBDIR
        return state if isinstance(state, dict) else None

    def _save_state(self) -> None:
        # Kept current as retries start and stop waiting: SpiderState pickles spider.state in
        # its own spider_closed handler, which runs before this middleware's.
        state = self._state()
        if state is not None:
            spider = self.crawler.spider
            state[self.STATE_KEY] = [r.to_dict(spider=spider) for r, _ in self.waiting.values()]

    def spider_opened(self, spider=None) -> None:
        """A resumed crawl takes back the retries that were waiting when it was paused; each
        goes through ``request_scheduled`` again, so it still waits out the rest of its backoff
        (at most ``RETRY_BACKOFF_MAX``)."""
        state = self._state()
        saved = state.pop(self.STATE_KEY, []) if state is not None else []
        for data in saved:
            self._wait(request_from_dict(data, spider=self.crawler.spider), 0)
        if saved:
            logger.info("Resuming %d retries that were waiting when the crawl was paused",
                        len(saved))

    def spider_idle(self, spider=None) -> None:
        if self.waiting:
            raise DontCloseSpider

    def spider_closed(self, spider=None, reason: str = "") -> None:
        if self.waiting:
            kept = " (kept in JOBDIR for the next run)" if self._state() is not None else ""
            logger.warning("%d retries were still waiting when the spider closed (%s)%s: %s",
                           len(self.waiting), reason, kept,
                           ", ".join(r.url for r, _ in self.waiting.values()))
        for _, timer in self.waiting.values():
            timer.cancel()
        # spider.state keeps its own list (SpiderState saves it on this same signal).
        self.waiting.clear()


class HostPolicyMiddleware:
    """Refuses every request, redirects included, to a host the spider's policy does not allow.

    The spider filters links before requesting them; this is the second lock, for redirects
    and for anything else that schedules a request (robots.txt requests too: they are allowed
    exactly when their host is). It fails closed: a spider with no policy, or an empty one,
    fetches nothing. Both spiders set ``host_policy`` in ``start()``, before their first
    request.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None):
        # Scrapy 2.19 passes no spider to optional-argument hooks: read it from the crawler.
        spider = spider or self.crawler.spider
        policy = getattr(spider, "host_policy", None)
        if policy is None or not policy.netlocs and not policy.hosts:
            self.stats.inc_value("hostpolicy/refused")
            logger.error("Refused request %s: the spider set no host policy", request.url)
            raise IgnoreRequest(f"no host policy: {request.url}")
        if not policy.allows(request.url):
            self.stats.inc_value("hostpolicy/refused")
            logger.warning("Refused request to a host that is not allowed: %s", request.url)
            raise IgnoreRequest(f"host not allowed: {request.url}")
        return None


class SanitizeMiddleware:
    """Hands every HTML response on as a ``crawler.locate.sanitize.PreparedResponse``, as it
    leaves the downloader.

    Its tree has scripts, templates, comments, hidden elements and event handlers cut out
    (``crawler.locate.sanitize``), and it is parsed once and cached on that response object, so
    every later reader — the locators, and the series spider following links on discovery
    pages and on pages answered 304 (which are never located) — sees the sanitized tree and
    cannot follow a link a reader never sees. ``locate()`` preparing again is a no-op. Markup
    the parser would cut short (a stray ``</html>`` before the article) is repaired in the
    prepared copy; the HTTP cache keeps the page as sent.
    """

    def __init__(self, stats=None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None):
        # HTML and text responses (a page served as text/plain is still read as HTML); not
        # XML feeds, not binary bodies.
        if isinstance(response, TextResponse) and not isinstance(response, XmlResponse) \
                and response.body:
            prepared = prepare(response)
            if self.stats:
                self.stats.inc_value("sanitize/responses")
                if prepared.repaired:
                    self.stats.inc_value("sanitize/repaired")
            return prepared
        return response
