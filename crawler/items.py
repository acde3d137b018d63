"""The items that flow through the pipelines.

A spider yields a :class:`LocatedPage` (what the locators found, still raw text, plus every
piece of header evidence the page offers); ``crawler.pipelines`` turns it into an
:class:`Article`, the public item. Every ``Article`` field is documented at its definition;
``docs/contract.md`` is the user-facing copy, and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a located block is, in reading order. A ``StrEnum``: ``Kind.P == "p"``."""

    TITLE = "title"  # the page's own headline element
    META = "meta"  # a line of the header zone (time, source, counters, bylines ...)
    BYLINE = "byline"  # the author line where the layout marks it
    KICKER = "kicker"  # 引题 where the layout marks it
    SUBTITLE = "subtitle"  # 副题 where the layout marks it
    P = "p"  # a body paragraph
    H = "h"  # an in-body heading (marked up as such, or a bold-only paragraph)
    IMG = "img"  # an image inside the body (``src`` absolute, ``text`` = its alt text)
    CAPTION = "caption"  # the caption line under an image
    LINK = "link"  # a paragraph that is a single link (``href`` absolute, ``text`` = anchor)


BLOCK_KINDS = tuple(k.value for k in Kind)


@dataclass(slots=True)
class Block:
    kind: Kind | str
    text: str
    href: str | None = None
    src: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One piece of evidence for a header field: a value, where it came from, and how.

    ``source`` names the evidence family (``jsonld``, ``microdata``, ``opengraph``,
    ``meta``, ``time``, ``layout``, ``header``, ``body``, ``title_tag``, ``link_hint`` ...);
    ``detail`` says exactly where (``meta[name=publishdate]``, ``div.cinfo`` ...).
    """

    field: str
    value: str
    source: str
    detail: str = ""


@dataclass
class LocatedPage:
    """What the locators found on one page, before any cleaning."""

    url: str
    layout: str
    blocks: list[Block]
    page_title: str | None = None  # the <title> element
    canonical_url: str | None = None
    link_hint: str | None = None  # anchor text of the 新闻链接 entry that led here
    generic: bool = False  # True when no site-specific layout matched
    page_sha256: str | None = None  # of the response bytes: what an unchanged page is
    truncated: bool = False  # a size bound cut extraction short
    series: str | None = None  # the series name the crawl follows (None: learn from the page)
    # Header evidence gathered from the whole page (embedded metadata, header zone, layout).
    candidates: list[Candidate] = field(default_factory=list)
    # Related-link blocks found outside the body container (新闻链接 after the article).
    related_blocks: list[Block] = field(default_factory=list)
    article_id: str | None = None  # the site's own id, where the layout knows its URL form


@dataclass
class Article:
    """One normalized article: the public item. Field order is the export's key order."""

    # The page fetched, after redirects.
    url: str
    # <link rel=canonical> / og:url where the page gives one, else None.
    canonical_url: str | None
    # Host of ``url``.
    site: str
    # The site's own id where the URL carries one (中工网 ``/c/<date>/<id>.shtml``), else None.
    article_id: str | None
    # The series name, learned from the pages; None for a page outside any series.
    series: str | None
    # The member as printed between the series separator and the colon (``宁夏工会``,
    # ``中国海员建设工会``); for pages that do not print it, derived from the province.
    member: str | None
    # Short name where the member is a province-level federation (``宁夏``), else None.
    province: str | None
    # Series articles: ``<series>丨<member>：<headline>``; other pages: the page's headline.
    title: str
    # The main headline (主题).
    headline: str
    # The lead-in line (引题), without a trailing ``——``; None when there is none.
    kicker: str | None
    # The 副题; None when there is none.
    subtitle: str | None
    # Person names only, printed order: no roles, outlets, editors or photographers.
    authors: list[str]
    # The byline as printed, or None.
    byline: str | None
    # ISO 8601: ``2025-04-18T07:11:00+08:00`` when the page gives a time, ``2025-03-22`` when
    # it gives only a date; never an invented midnight; a UTC machine time in the page's own
    # offset. None when the page states no date, or only a relative one (``3小时前``) that
    # nothing on the page anchors (never the crawl clock).
    published_at: str | None
    # The origin as printed after 来源 (``中工网-工人日报``), or None.
    source: str | None
    # The 阅读提示 paragraph (or the page's own summary), or None.
    summary: str | None
    # The body in order: ``{"heading": str | None, "paragraphs": [str]}``.
    sections: list[dict[str, Any]]
    # The body only, headings and paragraphs in order, one per line.
    text: str
    # The 新闻链接 entries: ``{"title", "url", "member", "province"}``.
    related: list[dict[str, Any]]
    # Images inside the body: ``{"url", "caption"}``.
    images: list[dict[str, Any]]
    # sha256 of ``text``, for change detection.
    content_hash: str
    # When this item was extracted, ISO 8601 in UTC.
    crawled_at: str
    # Which locator read the page (``ngwz``, ``workercn``, ``grrb-epaper``, ``people``,
    # ``generic``).
    layout: str = ""
    # ``site`` or ``generic``: the generic path never hides.
    extractor: str = "site"
    # sha256 of the page bytes this item was extracted from (what "unchanged" compares).
    page_sha256: str | None = None
