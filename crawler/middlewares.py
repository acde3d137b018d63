"""Downloader middlewares: decide encodings by evidence; retry with exponential backoff that
holds no slot; host policy on every request; sanitize every HTML tree once."""

from __future__ import annotations

import logging

from charset_normalizer import from_bytes
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.asyncio import sleep
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

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
    """Scrapy's retry middleware, waiting ``RETRY_BACKOFF_BASE * 2**n`` seconds before retry n.

    Hammering a failing server right away rarely helps; a growing pause often does.
    """

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def _wait(self, retry: Request | None) -> None:
        if retry is not None and self.backoff_base > 0:
            n = retry.meta.get("retry_times", 1)
            await sleep(min(self.backoff_max, self.backoff_base * 2 ** (n - 1)))

    async def process_response(self, request, response, spider=None):  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result)
        return result

    async def process_exception(self, request, exception, spider=None):  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result)
        return result


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
