"""What every layout needs from a page: head metadata and a way to assemble blocks."""

from __future__ import annotations

import hashlib
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import TextResponse

from crawler.clean.text import clean_text
from crawler.items import Block, LocatedPage
from crawler.locate.blocks import element_text, flatten

_META_KEYS = (
    "og:title", "og:url", "og:description", "og:site_name", "article:published_time",
    "publishdate", "pubdate", "publish_time", "ptime", "description", "author", "source",
    "contentsource", "keywords",
)


def head_meta(sel: Selector) -> dict[str, str]:
    meta: dict[str, str] = {}
    for m in sel.xpath("//meta[@content]"):
        key = (m.attrib.get("property") or m.attrib.get("name") or "").strip().lower()
        if key in _META_KEYS and key not in meta:
            meta[key] = clean_text(m.attrib["content"])
    return meta


def canonical(sel: Selector, base_url: str, meta: dict[str, str]) -> str | None:
    href = sel.xpath("//link[translate(@rel,'CANOIL','canoil')='canonical']/@href").get()
    href = href or meta.get("og:url")
    return urljoin(base_url, href.strip()) if href and href.strip() else None


def first(sel: Selector, *css: str):
    """The lxml element of the first selector that matches, or None."""
    for query in css:
        found = sel.css(query)
        if found:
            return found[0].root
    return None


def header_block(kind: str, sel: Selector, *css: str) -> list[Block]:
    text = element_text(first(sel, *css))
    return [Block(kind, text)] if text else []


def build_page(
    response: TextResponse,
    layout: str,
    header: list[Block],
    content_css: tuple[str, ...],
    *,
    generic: bool = False,
) -> LocatedPage | None:
    """A LocatedPage from header blocks and the body found by the first matching selector."""
    sel = response.selector
    content = first(sel, *content_css)
    if content is None:
        return None
    body, truncated = flatten(content, response.url)
    return finish_page(response, layout, header + body, generic=generic, truncated=truncated)


def finish_page(
    response: TextResponse,
    layout: str,
    blocks: list[Block],
    *,
    generic: bool = False,
    truncated: bool = False,
) -> LocatedPage:
    sel = response.selector
    meta = head_meta(sel)
    page = LocatedPage(
        url=response.url,
        layout=layout,
        blocks=blocks,
        page_title=clean_text(sel.xpath("//title/text()").get()),
        canonical_url=canonical(sel, response.url, meta),
        meta=meta,
        link_hint=response.meta.get("link_hint") if response.request else None,
        series=response.meta.get("series") if response.request else None,
        generic=generic,
        page_sha256=hashlib.sha256(response.body).hexdigest(),
        truncated=truncated,
    )
    return page
