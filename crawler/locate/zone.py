"""The page regions around the body that hold header evidence and the series links.

``header_zone``: every line between the title element and the body element, in document
order, wherever the layout put them (an info ``div``, a ``span`` outside it, a table cell).
``after_body``: a 新闻链接 block the page keeps outside the body container, and a 来源 line
of an article footer there. ``above_title``: the lines just above the title (a blog's date).
Both work on any layout: the locators only say where the title and the body are.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.clean.dates import join_split_dates
from crawler.clean.text import clean_text
from crawler.items import Block, Kind
from crawler.locate.blocks import element_text, flatten

MAX_ZONE_LINES = 16
MAX_LINE = 200
MAX_ABOVE = 60
MAX_RUN = 60  # siblings after a 新闻链接 marker that may each hold one entry
_HEAD = etree.XPath("substring(normalize-space(.), 1, 40)")  # in C: no text joins
_SHORT = etree.XPath("string-length(normalize-space(.)) <= 300")
_RELATED_START = re.compile(r"^\s*[【\[]?\s*新闻链接")
_SOURCE = re.compile(r"(?:^|\s)(?:文章)?来源\s*[：:]")


def _lines(el: etree._Element, out: list[Block]) -> None:
    blocks, _ = flatten(el, "", drop_nav=True)
    texts = [b.text for b in blocks if b.text and len(b.text) <= MAX_LINE]
    out.extend(Block(Kind.META, t) for t in join_split_dates(texts))  # 2019 / 09/07 / 19:02
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


# 引题 / 副题 next to the title: what they look like. A part line is short, holds no link,
# no sentence end, no date and no header label; it is a part when its markup or its dash
# says so: a heading element, a class naming the part, or the dash that joins it to the
# headline (``引题——`` above, ``——副题`` below).
_PART_TAGS = {"h2", "h3", "h4", "h5", "h6"}
_KICKER_CLASS = re.compile(
    r"kicker|yinti|\byt\b|\bpre\b|pre-?title|shoulder|jianti|meiti|overline|top-?title|sup-?title",
    re.I,
)
_SUBTITLE_CLASS = re.compile(r"\bsub\b|sub-?title|subhead|futi|\bfbt\b|fu-?title|\bdeck\b", re.I)
_KICKER_DASH = re.compile(r"(?:——|—|--)\s*$")
_SUBTITLE_DASH = re.compile(r"^\s*(?:——|—|--)")
_NOT_PART = re.compile(
    r"[。！？>›»]|\d{4}\s*[-年./]|\d{1,2}:\d{2}|来源|作者|记者|编辑|发布|时间|日期|位置|"
    r"阅读提示|摘要|导读|新闻链接|^\s*【"
)
MIN_PART, MAX_PART = 6, 80
_HAS_LINK = etree.XPath("boolean(descendant-or-self::a)")
_TEXT_LEN = etree.XPath("string-length(normalize-space(.))")


def _is_part(el: etree._Element, text: str, cls: re.Pattern[str], dash: re.Pattern[str],
             *, sibling: bool = True) -> bool:
    """``el`` (printed next to the title) is a headline part of the kind ``cls``/``dash`` name.
    A heading element counts by its tag only as the title's own sibling: one level up, an
    ``<h2>`` is as often the channel's name as a 引题."""
    if not MIN_PART <= len(text) <= MAX_PART or _NOT_PART.search(text) or _HAS_LINK(el):
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return ((sibling and el.tag in _PART_TAGS) or bool(cls.search(names))
            or bool(dash.search(text)))


def _neighbour(node: etree._Element, preceding: bool) -> tuple[etree._Element, str] | None:
    """The nearest element beside ``node`` that shows text, with that text; None when that
    text is too long for a headline part (measured in C: a big sidebar is never flattened)."""
    for sib in node.itersiblings(preceding=preceding):
        if not isinstance(sib.tag, str):
            continue
        size = _TEXT_LEN(sib)
        if size == 0:
            if len(sib):
                return None  # an image, a logo: something shows there, and it is no text
            continue
        return (sib, element_text(sib)) if size <= 2 * MAX_PART else None
    return None


def _kicker_above(title: etree._Element, on_path: set) -> Block | None:
    """The 引题 printed just above the title: the title's previous element, or its wrapper's
    when the title opens a wrapper (``<p class=kicker/><div><h1/></div>``)."""
    node = title
    for _ in range(2):
        found = _neighbour(node, preceding=True)
        if found is not None:
            el, text = found
            if el not in on_path and _is_part(el, text, _KICKER_CLASS, _KICKER_DASH,
                                              sibling=node is title):
                return Block(Kind.KICKER, text)
            return None
        parent = node.getparent()
        if parent is None or parent in on_path or parent.tag in ("body", "html"):
            return None
        node = parent
    return None


def _subtitle_below(title: etree._Element, on_path: set) -> etree._Element | None:
    """The element printed just below the title when it is a 副题."""
    found = _neighbour(title, preceding=False)
    if found is None or found[0] in on_path:
        return None
    el, text = found
    return el if _is_part(el, text, _SUBTITLE_CLASS, _SUBTITLE_DASH) else None


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
    # The headline's companions printed next to the title: 引题 above, 副题 below.
    if (kicker := _kicker_above(title, on_path)) is not None:
        out.append(kicker)
    subtitle = _subtitle_below(title, on_path)
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
            if sib is subtitle:
                out.append(Block(Kind.SUBTITLE, element_text(sib)))
                continue
            _lines(sib, out)
        node = node.getparent()
    return out[:MAX_ZONE_LINES]


def above_title(title: etree._Element | None) -> list[str]:
    """Short lines just above the title element (a blog's date sits over its headline), nearest
    first: header evidence the zone between title and body cannot see."""
    if title is None:
        return []
    out: list[str] = []
    for sib in title.itersiblings(preceding=True):
        if len(out) >= 2 or not _SHORT(sib):
            break
        text = element_text(sib)
        if text and len(text) <= MAX_ABOVE:
            out.append(text)
    return out


def _run_of_links(first: etree._Element, base_url: str) -> list[Block]:
    """Blocks of the siblings after a 新闻链接 marker, while each holds a link: the list may be
    one element (``<ul>``, a ``<p>`` of ``<br>`` runs) or one element per entry (table rows,
    ``<p>`` per link)."""
    out: list[Block] = []
    node = first
    for _ in range(MAX_RUN):
        node = node.getnext()
        if node is None:
            break
        blocks, _ = flatten(node, base_url)
        if not blocks:
            continue  # a spacer row
        if not any(b.kind == Kind.LINK for b in blocks):
            break
        out += blocks
    return out


def after_body(body: etree._Element, base_url: str) -> list[Block]:
    """What the page keeps after the body container that the tail reads: a 新闻链接 section
    (in any markup) and a short ``来源：`` line (an article footer), if there are any."""
    node: etree._Element | None = body
    found: list[Block] = []
    for level in range(4):
        if node is None:
            break
        for seen, sib in enumerate(node.itersiblings()):
            if seen >= 8:
                break
            text = _HEAD(sib)
            if _RELATED_START.match(text):
                blocks, _ = flatten(sib, base_url)
                if not any(b.kind == Kind.LINK for b in blocks):  # the marker alone
                    blocks += _run_of_links(sib, base_url)
                return found + blocks
            if level < 2 and seen < 3 and _SOURCE.search(text) and _SHORT(sib):
                lines, _ = flatten(sib, base_url)
                found += [b for b in lines if _SOURCE.search(b.text)]
        node = node.getparent()
    return found
