"""The locator for layouts nobody wrote rules for.

Finds the body as the element that gathers the most sentence-like text (CJK characters and
Chinese sentence punctuation, minus link text), crediting each text block's parent fully and
its grandparent by half, as readability does. The title is the heading before the body that
best matches the page's <title>; the lines between title and body are offered as meta lines.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree
from scrapy.http import TextResponse

from crawler.clean.text import clean_text
from crawler.items import Block, LocatedPage
from crawler.locate.blocks import SKIP_TAGS, element_text, flatten, is_hidden
from crawler.locate.page import finish_page

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCT = re.compile(r"[，。！？；：、“”]")
_CONTAINERS = {"div", "td", "section", "article", "main", "p", "span", "font", "center", "li"}
_INLINE = {"a", "span", "strong", "b", "em", "i", "u", "font", "sup", "sub", "br", "img"}
_TITLE_CLASS = re.compile(r"title|tit\b|headline|biaoti|bt\b|art_tit", re.I)
_TITLE_SPLIT = re.compile(r"\s*(?:[-_|｜—–]+|--)\s*")
MAX_META_LINES = 8


def _own_text(el: etree._Element) -> tuple[str, str]:
    """Text directly inside ``el`` (with inline children), and the part of it in links."""
    parts = [el.text or ""]
    links: list[str] = []
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() in _INLINE and not is_hidden(child):
            t = "".join(child.itertext())
            parts.append(t)
            if child.tag.lower() == "a":
                links.append(t)
        parts.append(child.tail or "")
    return "".join(parts), "".join(links)


def _weight(text: str, link_text: str) -> float:
    cjk = len(_CJK.findall(text)) - len(_CJK.findall(link_text))
    punct = len(_PUNCT.findall(text))
    if cjk < 8 or punct == 0:
        return 0.0
    return cjk + 5.0 * punct


def _live_elements(root: etree._Element):
    """Every element not inside script/style/hidden markup, in document order."""
    stack = [root]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in SKIP_TAGS or is_hidden(el):
            continue
        yield el
        stack.extend(reversed(list(el)))


def find_body(root: etree._Element) -> etree._Element | None:
    scores: dict[etree._Element, float] = defaultdict(float)
    for el in _live_elements(root):
        if el.tag.lower() not in _CONTAINERS:
            continue
        text, link_text = _own_text(el)
        w = _weight(text, link_text)
        if not w:
            continue
        if el.tag.lower() != "p":
            scores[el] += w  # a container whose lines sit directly in it (br-separated)
        parent = el.getparent()
        if parent is not None:
            scores[parent] += w
            grand = parent.getparent()
            if grand is not None:
                scores[grand] += w / 2
    if not scores:
        return None
    best, best_score = None, 0.0
    for el, score in sorted(scores.items(), key=lambda kv: -kv[1])[:8]:
        total = sum(len(t) for t in el.itertext()) or 1
        links = sum(len("".join(a.itertext())) for a in el.iter("a"))
        adjusted = score * (1 - min(links / total, 1.0))
        if adjusted > best_score:
            best, best_score = el, adjusted
    return best


def _title_candidates(root: etree._Element, body: etree._Element):
    order = {el: i for i, el in enumerate(root.iter())}
    body_at = order.get(body, len(order))
    for el in root.iter("h1", "h2", "h3", "div", "p", "span", "td"):
        if order.get(el, 0) >= body_at:
            continue
        if el.tag in ("h1", "h2", "h3") or _TITLE_CLASS.search(el.get("class") or el.get("id") or ""):
            text = element_text(el)
            if 4 <= len(text) <= 120:
                yield el, text


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    sa, sb = {a[i : i + 2] for i in range(len(a) - 1)}, {b[i : i + 2] for i in range(len(b) - 1)}
    return len(sa & sb) / max(1, len(sa))


def find_title(root, body, page_title: str, og_title: str | None):
    reference = og_title or page_title
    best, best_score = None, 0.0
    for el, text in _title_candidates(root, body):
        score = _similar(text, reference) + (0.2 if el.tag == "h1" else 0.0)
        if score > best_score:
            best, best_score = el, score
    return best if best_score >= 0.5 else None


def _meta_between(root, title_el, body) -> list[Block]:
    """Short lines between the title and the body: time, source, author, counters."""
    order = {el: i for i, el in enumerate(root.iter())}
    start, end = order[title_el], order[body]
    ancestors_of_body = set(body.iterancestors())
    lines: list[Block] = []
    for el in root.iter():
        if not start < order[el] < end or el in ancestors_of_body:
            continue
        if title_el in el.iterancestors():
            continue
        parent = el.getparent()
        # Only the outermost elements between title and body, so each line comes once.
        if parent is not None and start < order[parent] < end and parent not in ancestors_of_body:
            continue
        blocks, _ = flatten(el, "")
        for b in blocks:
            if len(b.text) <= 200 and len(lines) < MAX_META_LINES:
                lines.append(Block("meta", b.text))
    return lines


def generic_locate(response: TextResponse) -> LocatedPage | None:
    root = response.selector.root
    html_body = root.find("body") if root.find("body") is not None else root
    body = find_body(html_body)
    if body is None:
        return None
    page_title = clean_text(response.xpath("//title/text()").get())
    og = response.xpath("//meta[@property='og:title']/@content").get()
    title_el = find_title(html_body, body, page_title, og)
    header: list[Block] = []
    if title_el is not None:
        header.append(Block("title", element_text(title_el)))
        header += _meta_between(html_body, title_el, body)
    else:
        title = clean_text(og) or (_TITLE_SPLIT.split(page_title)[0] if page_title else "")
        if title:
            header.append(Block("title", title))
    blocks, truncated = flatten(body, response.url)
    # A title repeated as the body's first line is header, not body.
    if blocks and header and blocks[0].text == header[0].text:
        blocks = blocks[1:]
    return finish_page(response, "generic", header + blocks, generic=True, truncated=truncated)
