"""The items that flow through the pipelines.

A spider yields a :class:`LocatedPage` (what a layout locator found, still raw text);
``crawler.pipelines`` turns it into an :class:`Article` (the public contract, CONTRACT.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Block kinds a locator may emit, in reading order.
#   title   - the page's own headline element
#   meta    - a line around the title carrying time/source/counters
#   byline  - the author line where the layout marks it
#   kicker / subtitle - headline parts where the layout marks them
#   p       - a body paragraph
#   h       - an in-body heading (marked up as such, or a bold-only paragraph)
#   img     - an image inside the body (``src`` absolute, ``text`` = its alt text)
#   caption - the caption line under an image (figcaption, pic-info class, centred line)
#   link    - a paragraph that is a single link (``href`` absolute, ``text`` = anchor)
BLOCK_KINDS = ("title", "meta", "byline", "kicker", "subtitle", "p", "h", "img", "caption", "link")


@dataclass(slots=True)
class Block:
    kind: str
    text: str
    href: str | None = None
    src: str | None = None


@dataclass
class LocatedPage:
    """What a layout found on one page, before any cleaning."""

    url: str
    layout: str
    blocks: list[Block]
    page_title: str | None = None  # the <title> element
    canonical_url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # og:*, article:*, name=... tags
    link_hint: str | None = None  # anchor text of the 新闻链接 entry that led here
    generic: bool = False  # True when no site-specific layout matched
    page_sha256: str | None = None  # of the response bytes: what an unchanged page is


@dataclass
class Article:
    """One normalized article: the fields of CONTRACT.md, in its order."""

    url: str
    canonical_url: str | None
    site: str
    article_id: str | None
    series: str | None
    province: str | None
    title: str
    headline: str
    kicker: str | None
    subtitle: str | None
    authors: list[str]
    byline: str | None
    published_at: str | None
    source: str | None
    summary: str | None
    sections: list[dict[str, Any]]
    text: str
    related: list[dict[str, Any]]
    images: list[dict[str, Any]]
    content_hash: str
    crawled_at: str
    layout: str = ""  # which locator produced it (e.g. "workercn", "generic")
    extractor: str = "site"  # "site" or "generic": the generic path never hides
    page_sha256: str | None = None  # sha256 of the page bytes this item was extracted from
