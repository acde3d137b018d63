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
from crawler.locate.blocks import BLOCK_TAGS, element_text, flatten
from crawler.locate.page import finish_page

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCT = re.compile(r"[，。！？；：、“”]")
_TITLE_CLASS = re.compile(r"title|tit\b|headline|biaoti|bt\b|art_tit", re.I)
_TITLE_SPLIT = re.compile(r"\s*(?:[-_|｜—–]+|--)\s*")
_TITLE_TAGS = ("h1", "h2", "h3", "div", "p", "span", "td")
MAX_META_LINES = 8
# Text nodes long enough to be part of a sentence; the many short nav words are skipped in C.
_TEXT_NODES = etree.XPath("//body//text()[string-length(normalize-space(.)) > 3]")
_STRING = etree.XPath("string()")
_LINK_TEXT = etree.XPath(".//a//text()")


def _owner(node: etree._Element) -> tuple[etree._Element | None, bool]:
    """The nearest block element around ``node``, and whether a link lies between them."""
    in_link = False
    while node is not None and (not isinstance(node.tag, str) or node.tag not in BLOCK_TAGS):
        if node.tag == "a":
            in_link = True
        node = node.getparent()
    return node, in_link


def find_body(root: etree._Element) -> etree._Element | None:
    """The element gathering the most sentence-like text, link text discounted.

    Each block's own text (with its inline children) is weighted by CJK characters and
    Chinese punctuation; the block's parent gets the full weight and its grandparent half.
    """
    own: dict[etree._Element, list[int]] = defaultdict(lambda: [0, 0, 0])
    for text in _TEXT_NODES(root):
        holder = text.getparent()
        if holder is None:
            continue
        if text.is_tail:
            holder = holder.getparent()
        owner, in_link = _owner(holder)
        if owner is None:
            continue
        counts = own[owner]
        cjk = len(_CJK.findall(text))
        counts[0] += cjk
        counts[1] += cjk if in_link else 0
        counts[2] += len(_PUNCT.findall(text))
    scores: dict[etree._Element, float] = defaultdict(float)
    for el, (cjk, link_cjk, punct) in own.items():
        plain = cjk - link_cjk
        if plain < 8 or punct == 0:
            continue
        w = plain + 5.0 * punct
        if el.tag != "p":
            scores[el] += w  # a container whose lines sit directly in it (br-separated)
        parent = el.getparent()
        if parent is not None:
            scores[parent] += w
            grand = parent.getparent()
            if grand is not None:
                scores[grand] += w / 2
    best, best_score = None, 0.0
    for el, score in sorted(scores.items(), key=lambda kv: -kv[1])[:8]:
        total = len(_STRING(el)) or 1
        links = sum(len(t) for t in _LINK_TEXT(el))
        adjusted = score * (1 - min(links / total, 1.0))
        if adjusted > best_score:
            best, best_score = el, adjusted
    return best


def _title_candidates(root: etree._Element, body: etree._Element):
    """Headline-like elements before the body, in document order."""
    for el in root.iter(*_TITLE_TAGS):
        if el is body:
            return  # iteration is in document order: everything after this is in or past it
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


def _meta_between(title_el, body) -> list[Block]:
    """Short lines between the title and the body: time, source, author, counters.

    They are the following siblings of the title and of its ancestors, up to the element
    that holds the body.
    """
    stop = {body, *body.iterancestors()}
    lines: list[Block] = []
    node = title_el
    while node is not None and node not in stop:
        for sib in node.itersiblings():
            if sib in stop or len(lines) >= MAX_META_LINES:
                return lines
            blocks, _ = flatten(sib, "")
            lines += [Block("meta", b.text) for b in blocks if len(b.text) <= 200]
        node = node.getparent()
    return lines[:MAX_META_LINES]


def generic_locate(response: TextResponse) -> LocatedPage | None:
    root = response.selector.root
    html_body = root.find("body")
    if html_body is None:
        html_body = root
    body = find_body(html_body)
    if body is None:
        return None
    page_title = clean_text(response.xpath("//title/text()").get())
    og = response.xpath("//meta[@property='og:title']/@content").get()
    title_el = find_title(html_body, body, page_title, og)
    header: list[Block] = []
    if title_el is not None:
        header.append(Block("title", element_text(title_el)))
        header += _meta_between(title_el, body)
    else:
        title = clean_text(og) or (_TITLE_SPLIT.split(page_title)[0] if page_title else "")
        if title:
            header.append(Block("title", title))
    blocks, truncated = flatten(body, response.url)
    # A title repeated as the body's first line is header, not body.
    if blocks and header and blocks[0].text == header[0].text:
        blocks = blocks[1:]
    return finish_page(response, "generic", header + blocks, generic=True, truncated=truncated)
