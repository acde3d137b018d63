"""What both spiders share: argument checks, the host policy, and reporting failures to the
run's one verdict (:class:`crawler.outcome.RunOutcome`)."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.config import quote
from crawler.items import LocatedPage
from crawler.links import HostPolicy
from crawler.locate import locate
from crawler.locate.blocks import limits
from crawler.outcome import RunOutcome


class ArgumentError(ValueError):
    """A spider argument a user gave is wrong; the message is one plain sentence."""


# Longest argument values accepted: URLs (the de-facto browser limit) and names.
MAX_URL_LENGTH = 2083
MAX_NAME_LENGTH = 200


def shown(value: str, limit: int = 80) -> str:
    """How an argument a user gave is quoted in a sentence: redacted, at most ~``limit``
    characters (a 20,000-character value must not make a 60 KB error line)."""
    return quote(value, limit)


def check_length(name: str, value: str) -> None:
    limit = MAX_URL_LENGTH if "url" in name else MAX_NAME_LENGTH
    if len(value) > limit:
        raise ArgumentError(
            f"Argument {name} is too long ({len(value):,} characters; at most {limit:,}): "
            f"{shown(value, 40)}."
        )


def check_url(url: str | None, name: str) -> str:
    if not url:
        raise ArgumentError(f"Argument {name} is required, e.g. -a {name}=https://www.workercn.cn/...")
    check_length(name, url)
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ArgumentError(
            f"Argument {name}={shown(url)} is not a valid URL ({shown(str(exc), 60)})."
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArgumentError(
            f"Argument {name}={shown(url)} is not an http(s) URL with a host; give a full "
            "article URL."
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
    # Scrapy >= 2.19 raises its own exceptions for these.
    "DownloadConnectionRefusedError": "connection refused",
    "CannotResolveHostError": "host name not found",
    "DownloadTimeoutError": "no answer within {timeout:g} s",
    "DownloadCancelledError": "the download was cancelled",
    "DownloadFailedError": "the download failed",
    "UnsupportedURLSchemeError": "not an http(s) URL",
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
    # An error without a plain phrase of its own: its message, never its class name.
    return f"the download failed ({message})" if message else "the download failed"


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
            names = ", ".join(shown(k, 40) if len(k) > 40 else k for k in unknown[:5])
            raise ArgumentError(
                f"Unknown argument(s) {names} for spider {cls.name}; known: {known}."
            )
        for name, value in kwargs.items():
            if isinstance(value, str):
                check_length(name, value)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.check_arguments(kwargs)
        super().__init__(*args, **kwargs)
        self.host_policy = HostPolicy(frozenset(), frozenset())

    @property
    def outcome(self) -> RunOutcome:
        return RunOutcome.of(self.crawler)

    @property
    def run_failures(self) -> list[str]:
        """Why this run failed so far (read-only; report with :meth:`fail_run`)."""
        return list(self.outcome.failures)

    def fail_run(self, sentence: str) -> None:
        """Record why this run could not do its job; the crawl command prints it and exits 1."""
        self.outcome.fail(sentence)

    def page_failed(self, url: str, reason: str) -> None:
        self.outcome.page_failed(url, reason)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure, self.settings.getfloat("DOWNLOAD_TIMEOUT"))
        asked = request.meta.get("redirect_urls", [request.url])[0]  # the URL before redirects
        self.crawler.stats.inc_value("fetch/failed")
        self.page_failed(asked, reason)
        if request.meta.get("role") == "start":
            self.fail_run(f"The {self.start_noun} {asked} could not be fetched ({reason}).")

    def locate_page(self, response: Response) -> LocatedPage | None:
        # Scrapy picks the response class from the URL too (.html), so read the header.
        ctype = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        declared_other = ctype and not ctype.startswith(("text/", "application/xhtml"))
        if not isinstance(response, TextResponse) or declared_other:
            self.crawler.stats.inc_value("extract/not_html")
            self.logger.info("Page %s is %s, not HTML", response.url,
                             ctype or "of no declared type")
            self.page_failed(response.url, "not HTML")
            return None
        with limits(self.settings.getint("MAX_DEPTH"), self.settings.getint("MAX_BLOCKS")):
            page = locate(response)
        if page is None:
            self.crawler.stats.inc_value("extract/no_body")
            self.page_failed(response.url, "no article body")
        return page


