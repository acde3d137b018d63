"""Downloader middlewares: decide encodings by evidence; retry with exponential backoff."""

from __future__ import annotations

import logging
import re

from charset_normalizer import from_bytes
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.asyncio import sleep

logger = logging.getLogger(__name__)

# GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "ascii": "utf-8"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)


def _norm(encoding: str | None) -> str | None:
    if not encoding:
        return None
    enc = encoding.lower().replace("_", "-")
    enc = {"cp936": "gbk", "gb-2312": "gb2312", "x-gbk": "gbk", "utf8": "utf-8"}.get(enc, enc)
    return _SUPERSET.get(enc, enc)


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def declared_encodings(body: bytes, content_type: str = "") -> list[str]:
    """The charsets a page claims: the HTTP header's first, then the first <meta>'s."""
    declared = []
    if m := re.search(r"charset=([\w-]+)", content_type, re.I):
        declared.append(m.group(1))
    if m := _META_CHARSET.search(body[:4096]):
        declared.append(m.group(1).decode("ascii", "ignore"))
    return declared


def encoding_by_evidence(body: bytes, declared: list[str]) -> str:
    """The encoding the bytes are really in.

    Valid UTF-8 with multibyte sequences is almost never anything else, so it wins over a
    GB2312 declaration. Otherwise the first declared encoding that decodes the bytes cleanly
    wins, and charset-normalizer decides when none does.
    """
    sample = body[:262144]
    if _decodes(sample, "utf-8") or (_decodes(sample[:-3], "utf-8") and len(sample) == 262144):
        return "utf-8"
    for enc in declared:
        norm = _norm(enc)
        if norm and norm != "utf-8" and _decodes(sample, norm):
            return norm
    best = from_bytes(sample, cp_isolation=["gb18030", "big5", "utf-8", "latin-1"]).best()
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
