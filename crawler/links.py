"""Which URLs the crawler may fetch, and which links on a page belong to the series."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from w3lib.url import canonicalize_url

from crawler.clean.series import parse_series_title
from crawler.clean.text import clean_text

MAX_LINKS_PER_PAGE = 2000  # a page with 10,000 links costs no more than this many checks


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
    url: str
    title: str
    province: str


def series_links(sel: Selector, base_url: str) -> Iterator[SeriesLink]:
    """Links whose anchor text is a title of the series, in page order."""
    for a in sel.xpath("//a[@href]")[:MAX_LINKS_PER_PAGE]:
        text = clean_text(" ".join(a.xpath(".//text()").getall()))
        parsed = parse_series_title(text)
        if parsed is None:
            continue
        href = a.attrib["href"].strip()
        yield SeriesLink(urljoin(base_url, href), text, parsed[0])
