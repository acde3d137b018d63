"""What both spiders share: argument checks, the host policy, failure bookkeeping."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.items import LocatedPage
from crawler.links import HostPolicy
from crawler.locate import locate


class ArgumentError(ValueError):
    """A spider argument a user gave is wrong; the message is one plain sentence."""


def check_url(url: str | None, name: str) -> str:
    if not url:
        raise ArgumentError(f"Argument {name} is required, e.g. -a {name}=https://www.workercn.cn/...")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ArgumentError(f"Argument {name}={url!r} is not a valid URL ({exc}).") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArgumentError(
            f"Argument {name}={url!r} is not an http(s) URL with a host; give a full article URL."
        )
    return url.strip()


_PLAIN_REASONS = {
    "TimeoutError": "no answer within {timeout:g} s",
    "TCPTimedOutError": "no answer within {timeout:g} s",
    "ConnectionRefusedError": "connection refused",
    "DNSLookupError": "host name not found",
    "ConnectionLost": "the connection was dropped",
    "ConnectionDone": "the connection was closed",
    "ResponseNeverReceived": "the server closed the connection without answering",
    "ResponseFailed": "the response broke off",
    "ResponseDataLossError": "the response was cut short (truncated body)",
    "IgnoreRequest": "refused: {message}",
}


def failure_reason(failure: Failure, timeout: float) -> str:
    """One plain phrase for why a request failed (no exception dumps in logs or summaries)."""
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    name = failure.type.__name__ if failure.type else "error"
    template = _PLAIN_REASONS.get(name)
    message = str(failure.value)[:200]
    if template:
        return template.format(timeout=timeout, message=message)
    return f"{name}: {message}" if message else name


class BaseSpider(scrapy.Spider):
    arguments: ClassVar[tuple[str, ...]] = ()
    start_noun = "start page"

    @classmethod
    def check_arguments(cls, kwargs: dict[str, Any]) -> None:
        """Raise ArgumentError for arguments this spider does not know.

        Names starting with ``_`` are passed by runners such as Scrapyd (``_job``) and allowed.
        """
        unknown = sorted(k for k in kwargs if k not in cls.arguments and not k.startswith("_"))
        if unknown:
            known = ", ".join(cls.arguments) or "none"
            raise ArgumentError(
                f"Unknown argument(s) {', '.join(unknown)} for spider {cls.name}; known: {known}."
            )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.check_arguments(kwargs)
        super().__init__(*args, **kwargs)
        self.failed: list[tuple[str, str]] = []
        self.run_failures: list[str] = []
        self.host_policy = HostPolicy(frozenset(), frozenset())

    def fail_run(self, sentence: str) -> None:
        """Record why this run could not do its job; the crawl command prints it and exits 1."""
        self.logger.error(sentence)
        self.run_failures.append(sentence)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure, self.settings.getfloat("DOWNLOAD_TIMEOUT"))
        asked = request.meta.get("redirect_urls", [request.url])[0]  # the URL before redirects
        self.failed.append((asked, reason))
        self.crawler.stats.inc_value("fetch/failed")
        self.logger.error("Could not fetch %s: %s", asked, reason)
        if request.meta.get("role") == "start":
            self.fail_run(f"The {self.start_noun} {asked} could not be fetched ({reason}).")

    def locate_page(self, response: Response) -> LocatedPage | None:
        # Scrapy picks the response class from the URL too (.html), so read the header.
        ctype = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        declared_other = ctype and not ctype.startswith(("text/", "application/xhtml"))
        if not isinstance(response, TextResponse) or declared_other:
            self.crawler.stats.inc_value("extract/not_html")
            self.logger.error(
                "Page %s is not HTML (%s); skipped",
                response.url,
                response.headers.get("Content-Type", b"?").decode("latin-1"),
            )
            self.failed.append((response.url, "not HTML"))
            return None
        page = locate(response)
        if page is None:
            self.crawler.stats.inc_value("extract/no_body")
            self.logger.error("No article body found on %s; skipped", response.url)
            self.failed.append((response.url, "no article body"))
        return page


