"""What every locator needs from a page: head metadata, the header zone, and one way to build
the :class:`LocatedPage` once a locator has said where the title and the body are."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator
from scrapy.http import TextResponse

from crawler.clean.header import read_line
from crawler.clean.text import clean_text
from crawler.items import Block, Kind, LocatedPage
from crawler.locate.blocks import element_text, flatten
from crawler.locate.metadata import embedded_candidates
from crawler.locate.zone import above_title, after_body, header_zone

# Sites whose URLs carry the article's own id (site knowledge lives in locate/, not clean/).
ARTICLE_ID_PATTERNS = (
    re.compile(r"/c/\d{4}-\d{2}-\d{2}/(\d+)\.shtml$"),  # 中工网
    re.compile(r"/n\d/\d{4}/\d{4}/c\d+-(\d+)\.html$"),  # 人民网
    re.compile(r"/news/([A-Za-z0-9]{6,16})\.html$"),  # the aggregator
)
# <link rel=canonical> read as the XPath translate(@rel,'CANOIL','canoil') would read it.
_CANOIL = str.maketrans("CANOIL", "canoil")
_STRING = etree.XPath("string()")
_CSS = HTMLTranslator()


_HOME_PATH = re.compile(r"^/?(?:index\.\w{2,5}|default\.\w{2,5})?$", re.I)


def _home_link(block: Block) -> bool:
    """A line that is only a link to a site's home page (``返回搜狐，查看更多``): portal
    navigation, never article text nor a 新闻链接 entry (those link to articles)."""
    return block.kind == Kind.LINK and bool(block.href) and bool(
        _HOME_PATH.match(urlsplit(block.href).path))


def article_id(url: str) -> str | None:
    path = urlsplit(url).path
    for pattern in ARTICLE_ID_PATTERNS:
        if m := pattern.search(path):
            return m.group(1)
    return None


def _canonical_href(root: etree._Element) -> str | None:
    """The first <link rel=canonical> href, else the first og:url. Elements found by tag in C
    (a head has a few): an XPath predicate would test every element of the page."""
    for link in root.iter("link"):
        rel = link.get("rel")
        if rel is not None and rel.translate(_CANOIL) == "canonical":
            href = link.get("href")
            if href is not None:
                return href
    for meta in root.iter("meta"):
        if meta.get("property") == "og:url":
            content = meta.get("content")
            if content is not None:
                return content
    return None


def canonical(root: etree._Element, base_url: str) -> str | None:
    href = (_canonical_href(root) or "").strip()
    return urljoin(base_url, href) if href else None


def page_title(root: etree._Element) -> str:
    found = next(root.iter("title"), None)  # the first, found by tag in C
    return clean_text(_STRING(found)) if found is not None else ""


@cache
def _css(query: str) -> etree.XPath:
    """A layout's CSS selector compiled once (``Selector.css`` translates and wraps every
    match in a Selector on each call)."""
    return etree.XPath(_CSS.css_to_xpath(query))


def first(sel: Selector, *css: str) -> etree._Element | None:
    """The lxml element of the first selector that matches, or None."""
    for query in css:
        found = _css(query)(sel.root)
        if found:
            return found[0]
    return None


def header_block(kind: Kind, sel: Selector, *css: str) -> list[Block]:
    text = element_text(first(sel, *css))
    return [Block(kind, text)] if text else []


def locate_page(
    response: TextResponse,
    layout: str,
    *,
    body: etree._Element,
    title: etree._Element | None,
    marked: list[Block] = (),  # type: ignore[assignment]
    generic: bool = False,
) -> LocatedPage:
    """The located page: ``marked`` header parts (what a layout's selectors found, the title
    aside), the title,
    the header zone between title and body, the body's blocks, and the page's evidence."""
    root = response.selector.root
    blocks: list[Block] = list(marked)
    title_text = element_text(title) if title is not None else ""
    if title_text:  # after a marked kicker, before the other marked parts: as pages print them
        at = next((i for i, b in enumerate(blocks) if b.kind != Kind.KICKER), len(blocks))
        blocks.insert(at, Block(Kind.TITLE, title_text))
    known = {b.text for b in blocks}
    blocks += [b for b in header_zone(title, body) if b.text not in known]
    body_blocks, truncated = flatten(body, response.url, drop_nav=True)
    if body_blocks and title_text and body_blocks[0].text == title_text:
        body_blocks = body_blocks[1:]  # the headline repeated as the body's first line
    body_blocks = [b for b in body_blocks if not _home_link(b)]
    blocks += body_blocks
    request = response.request
    return LocatedPage(
        url=response.url,
        layout=layout,
        blocks=blocks,
        page_title=page_title(root),
        canonical_url=canonical(root, response.url),
        link_hint=response.meta.get("link_hint") if request else None,
        generic=generic,
        page_sha256=hashlib.sha256(response.body).hexdigest(),
        truncated=truncated,
        series=response.meta.get("series") if request else None,
        candidates=embedded_candidates(root, response.text, response.url) + [
            c for line in above_title(title) for c in read_line(line, "above-title").candidates
            if c.field == "published_at"
        ],
        related_blocks=after_body(body, response.url),
        article_id=article_id(response.url),
    )
