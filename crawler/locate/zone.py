"""The page regions around the body that hold header evidence and the series links.

``header_zone``: every line between the title element and the body element, in document
order, wherever the layout put them (an info ``div``, a ``span`` outside it, a table cell).
``after_body``: a 新闻链接 block the page keeps outside the body container.
Both work on any layout: the locators only say where the title and the body are.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.clean.text import clean_text
from crawler.items import Block, Kind
from crawler.locate.blocks import flatten

MAX_ZONE_LINES = 16
MAX_LINE = 200
_HEAD = etree.XPath("substring(normalize-space(.), 1, 24)")  # in C: no text joins
_RELATED_START = re.compile(r"^\s*[【\[]?\s*新闻链接")


def _lines(el: etree._Element, out: list[Block]) -> None:
    blocks, _ = flatten(el, "", drop_nav=True)
    out.extend(Block(Kind.META, b.text) for b in blocks if b.text and len(b.text) <= MAX_LINE)
    tail = clean_text(el.tail)
    if tail and len(tail) <= MAX_LINE:
        out.append(Block(Kind.META, tail))


def _before(container: etree._Element, body: etree._Element, on_path: set, out: list[Block]) -> None:
    """Lines of ``container``'s children that come before ``body``."""
    text = clean_text(container.text)
    if text and container is not body:
        out.append(Block(Kind.META, text))
    for child in container:
        if child is body or len(out) >= MAX_ZONE_LINES:
            return
        if child in on_path:
            _before(child, body, on_path, out)
            return
        _lines(child, out)


def header_zone(title: etree._Element | None, body: etree._Element) -> list[Block]:
    """Lines between ``title`` and ``body`` (or, with no title, just before the body)."""
    on_path = {body, *body.iterancestors()}
    out: list[Block] = []
    if title is None:
        node = body
        for _ in range(3):  # the body's own preceding siblings, then its parents'
            parent = node.getparent()
            if parent is None:
                break
            before: list[Block] = []
            for sib in node.itersiblings(preceding=True):
                chunk: list[Block] = []
                _lines(sib, chunk)
                before = chunk + before
                if len(before) >= MAX_ZONE_LINES:
                    break
            if before:
                return before[-MAX_ZONE_LINES:]
            node = parent
        return []
    if any(a is body for a in title.iterancestors()):
        return []  # the title sits inside the body: the body's first lines are the zone
    tail = clean_text(title.tail)
    if tail:
        out.append(Block(Kind.META, tail))
    node: etree._Element | None = title
    while node is not None and node not in on_path and len(out) < MAX_ZONE_LINES:
        for sib in node.itersiblings():
            if sib is body or len(out) >= MAX_ZONE_LINES:
                return out[:MAX_ZONE_LINES]
            if sib in on_path:
                _before(sib, body, on_path, out)
                return out[:MAX_ZONE_LINES]
            _lines(sib, out)
        node = node.getparent()
    return out[:MAX_ZONE_LINES]


def after_body(body: etree._Element, base_url: str) -> list[Block]:
    """The blocks of a 新闻链接 section that follows the body container, if there is one."""
    node: etree._Element | None = body
    for _ in range(4):
        if node is None:
            break
        for seen, sib in enumerate(node.itersiblings()):
            if seen >= 8:
                break
            text = _HEAD(sib)
            if _RELATED_START.match(text):
                blocks, _ = flatten(sib, base_url)
                following = sib.getnext()
                if len(blocks) <= 1 and following is not None:  # the marker alone; list next
                    more, _ = flatten(following, base_url)
                    blocks += more
                return blocks
        node = node.getparent()
    return []
