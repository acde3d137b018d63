"""Which URLs the crawler may fetch, and which links on a page belong to a series."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from w3lib.url import canonicalize_url

from crawler import settings
from crawler.clean.series import DEFAULT_SERIES, Series, member_key, province_of_member
from crawler.clean.text import clean_text

# The default of the MAX_LINKS_PER_PAGE setting (written in crawler/settings.py): a page with
# 10,000 links costs no more than this many checks.
MAX_LINKS_PER_PAGE = settings.MAX_LINKS_PER_PAGE


@dataclass(frozen=True)
class HostPolicy:
    """Hosts a crawl may fetch from.

    ``netlocs`` are ``host:port`` pairs allowed exactly; ``hosts`` are hostnames allowed on
    their scheme's default port only. Nothing else: no other port, no IP literal that was not
    named, no scheme but http(s), no credentials in the URL.
    """

    netlocs: frozenset[str]
    hosts: frozenset[str]

    @classmethod
    def build(cls, start_urls: Iterable[str], mirrors: Iterable[str]) -> HostPolicy:
        netlocs, hosts = set(), set()
        for url in start_urls:
            parts = urlsplit(url)
            if parts.hostname:
                netlocs.add(_netloc(parts.scheme, parts.hostname, parts.port))
        for entry in mirrors:
            entry = entry.strip().lower()
            if not entry:
                continue
            (netlocs if ":" in entry else hosts).add(entry)
        return cls(frozenset(netlocs), frozenset(hosts))

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        if parts.username or parts.password:
            return False
        host = parts.hostname.lower()
        if _netloc(parts.scheme, host, port) in self.netlocs:
            return True
        default = {"http": 80, "https": 443}[parts.scheme]
        return host in self.hosts and (port is None or port == default)


def _netloc(scheme: str, host: str, port: int | None) -> str:
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{host.lower()}:{port or default}"


def canonical(url: str) -> str:
    """The form a URL is remembered by: sorted query, no fragment."""
    return canonicalize_url(url, keep_fragments=False)


@dataclass(frozen=True)
class SeriesLink:
    """A link whose anchor text is a title of the series: who it names, and where it goes."""

    url: str
    title: str  # the anchor text
    member: str  # as printed: 宁夏工会, 中国海员建设工会
    key: str  # crawler.clean.series.member_key: 宁夏, 中国海员建设工会
    province: str | None  # short name for a province-level member, else None


def page_anchors(
    sel: Selector, limit: int = MAX_LINKS_PER_PAGE,
    on_cap: Callable[[int, int], None] | None = None,
) -> list[tuple[str, str]]:
    """``(href, anchor text)`` of the first ``limit`` links of a page, in page order.

    A page with more links than ``limit`` calls ``on_cap(links on the page, limit)`` once:
    the links after the cap are never looked at, which the caller logs and counts.
    """
    found = sel.xpath("//a[@href]")
    if len(found) > limit and on_cap is not None:
        on_cap(len(found), limit)
    return [
        (a.attrib["href"].strip(), clean_text(" ".join(a.xpath(".//text()").getall())))
        for a in found[:limit]
    ]


def series_links(
    sel: Selector, base_url: str, series: Series = DEFAULT_SERIES, *,
    limit: int = MAX_LINKS_PER_PAGE, on_cap: Callable[[int, int], None] | None = None,
    anchors: list[tuple[str, str]] | None = None,
) -> Iterator[SeriesLink]:
    """Links whose anchor text parses as a title of ``series``, in page order.

    ``anchors``: the page's :func:`page_anchors`, when the caller already has them.
    """
    for href, text in anchors if anchors is not None else page_anchors(sel, limit, on_cap):
        parsed = series.parse_title(text)
        if parsed is None:
            continue
        member = parsed[0]
        province = province_of_member(member)
        key = member_key(member, province)
        if key is None:
            continue
        yield SeriesLink(urljoin(base_url, href), text, member, key, province)
