"""The locator for layouts nobody wrote rules for.

The title is the element most like the page's <title> or og:title (h1…h3, elements with a
title-like class, the <font>/<b> headings of table layouts). The body is the element that
gathers the most sentence-like text (CJK characters and sentence punctuation, minus link
text: a block inside a link, a clickable post card, is all link text), crediting each block's
parent fully and its grandparent by half, as readability does; one item of a list of like
items (a feed's post, a comment) counts as a teaser, not an article. Among the best
candidates, the one nearest the title wins, so a short article is not lost to a long
sidebar. The header zone between them is read by ``crawler.locate.zone``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree
from scrapy.http import TextResponse

from crawler.clean.rules import SENTENCE_MARK
from crawler.clean.text import char_pairs, clean_text, without_site_suffix
from crawler.items import Block, Kind, LocatedPage
from crawler.locate.blocks import BLOCK_TAGS
from crawler.locate.page import locate_page, page_title

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")  # runs, not characters: a few matches a line
# One class first (sre skips ahead by it), then an ASCII mark needs a space or the end after it.
_PUNCT = re.compile(r"[，。！？；：、“”,.!?;](?:(?<![,.!?;])|(?=\s|$))")
# Text nodes long enough to be part of a sentence; the many short nav words are skipped in C.
_TEXT_NODES = etree.XPath("//body/descendant::text()[string-length(normalize-space(.)) > 3]")
_STRING = etree.XPath("string()")
_LINK_TEXT = etree.XPath(".//a//text()", smart_strings=False)
_LENGTH = etree.XPath("string-length(.)")  # counted in C: no copy of a container's text


def _owner(node: etree._Element) -> tuple[etree._Element | None, bool]:
    """The nearest block element around ``node``, and whether a link lies between them."""
    in_link = False
    while node is not None:
        tag = node.tag  # read once: each read builds a new string
        if isinstance(tag, str) and tag in BLOCK_TAGS:
            break
        if tag == "a":
            in_link = True
        node = node.getparent()
    return node, in_link


# A blurb right under a linked headline is a teaser in a list (a sidebar's 要闻, a blog's
# hot posts), not article text: it counts this much.
TEASER_WEIGHT = 0.25


def _after_link_headline(el: etree._Element) -> bool:
    """``el`` follows a sibling that is only a link: ``<a>`` or ``<h4><a>…</a></h4>``."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    if prev is None or (prev.tail or "").strip():
        return False  # text between them: the link sits inside running text
    link = prev if prev.tag == "a" else None
    if link is None and len(prev) == 1 and not (prev.text or "").strip():
        link = prev[0] if prev[0].tag == "a" and not (prev[0].tail or "").strip() else None
    # A headline has words: a linked image (<a><img></a>) above a paragraph is no headline.
    return link is not None and len(_STRING(link).strip()) >= 4


# A clickable card holds a teaser, not an article: a link around more text than this is a
# parse artifact (an unclosed ``<a>`` near the top of a sloppy page swallows the page after it).
MAX_CARD = 400


def _inside_link(el: etree._Element, cards: dict[etree._Element, bool]) -> bool:
    """``el`` sits inside a link card: a whole post or teaser made clickable (``<li><a><div>
    name, time, text</div></a></li>``). ``_owner`` sees links between a text and its block;
    this is one above the block, so all its text is link text, never article prose."""
    for a in el.iterancestors("a"):
        if a not in cards:  # each anchor measured once, in C
            cards[a] = bool(a.get("href")) and _LENGTH(a) <= MAX_CARD
        if cards[a]:
            return True
    return False


def _scores(root: etree._Element) -> tuple[dict[etree._Element, float], dict[etree._Element, int]]:
    """Each block's own text (with its inline children) is weighted by CJK characters and
    sentence punctuation; the block's parent gets the full weight and its grandparent half.
    Also counts, per element, the text blocks that credited it."""
    own: dict[etree._Element, list[int]] = defaultdict(lambda: [0, 0, 0])
    for text in _TEXT_NODES(root):  # smart strings: a text node knows its parent
        holder = text.getparent()
        if holder is None:
            continue
        if text.is_tail:
            holder = holder.getparent()
        owner, in_link = _owner(holder)
        if owner is None:
            continue
        counts = own[owner]
        cjk = sum(map(len, _CJK_RUN.findall(text)))
        counts[0] += cjk
        counts[1] += cjk if in_link else 0
        counts[2] += len(_PUNCT.findall(text))
    scores: dict[etree._Element, float] = defaultdict(float)
    blocks: dict[etree._Element, int] = defaultdict(int)
    cards: dict[etree._Element, bool] = {}
    for el, (cjk, link_cjk, punct) in own.items():
        plain = cjk - link_cjk
        if plain < 8 or punct == 0 or _inside_link(el, cards):
            continue
        w = plain + 5.0 * punct
        if _after_link_headline(el):
            w *= TEASER_WEIGHT
        if el.tag != "p":
            scores[el] += w  # a container whose lines sit directly in it (br-separated)
            blocks[el] += 1
        parent = el.getparent()
        if parent is not None:
            scores[parent] += w
            blocks[parent] += 1
            grand = parent.getparent()
            if grand is not None:
                scores[grand] += w / 2
                blocks[grand] += 1
    return scores, blocks


def _shape(el: etree._Element) -> tuple[str, ...]:
    return tuple(c.tag for c in el if isinstance(c.tag, str))


def _list_entry(el: etree._Element) -> bool:
    """``el`` is, or lies within, one ``<li>`` among at least two siblings of the same shape
    (the same child elements): one post of a feed or a comment list, not an article."""
    item: etree._Element | None = el
    for _ in range(4):  # the item itself, or its text a few wrappers (a card, a link) down
        if item is None or item.tag == "li":
            break
        item = item.getparent()
    parent = item.getparent() if item is not None and item.tag == "li" else None
    if parent is None:
        return False
    shape = _shape(item)
    return sum(_shape(li) == shape for li in parent.iterchildren("li")) >= 3


def _ranked(scores: dict[etree._Element, float]) -> list[tuple[etree._Element, float]]:
    """The best-scoring elements, link density discounted, best first. An entry of a list of
    like items counts as a teaser, in ``scores`` too: no later rule reads it as long prose."""
    ranked = []
    for el, score in sorted(scores.items(), key=lambda kv: -kv[1])[:12]:
        if _list_entry(el):
            score = scores[el] = score * TEASER_WEIGHT
        # No link under it (found by tag in C): no link text to measure, the score stands.
        links = sum(map(len, _LINK_TEXT(el))) if next(el.iter("a"), None) is not None else 0
        if links:
            score *= 1 - min(links / (_LENGTH(el) or 1), 1.0)
        ranked.append((el, score))
    ranked.sort(key=lambda kv: -kv[1])
    return [(el, s) for el, s in ranked if s > 0]


def find_body(root: etree._Element, title: etree._Element | None = None) -> etree._Element | None:
    """The element gathering the most sentence-like text, link text discounted.

    With a title, the body is looked for near it first, in ever larger containers around the
    title: the first holding a candidate after the title of two or more text blocks (or half
    the best score) wins, so a short article is not lost to a long sidebar beside it. A
    container holding only one long prose block after the title (a one-paragraph decision, a
    short blog post) has its body too, unless that block is the lead right before a fuller
    body: a reader's two-paragraph comment or a sidebar further away never outranks it.
    """
    scores, blocks = _scores(root)
    ranked = _ranked(scores)
    if not ranked:
        return _fallback_body(root)
    best, best_score = ranked[0]
    if title is None:
        return best
    line = title.sourceline or 0
    node = title.getparent()
    prose: etree._Element | None = None
    for _ in range(6):
        if node is None:
            break
        after = [(el, score) for el, score in ranked if el is not node and el is not title
                 and (el.sourceline or 0) >= line and node in el.iterancestors()
                 and title not in el.iterancestors()]  # a long headline is not its own body
        full = next((el for el, score in after if blocks[el] >= 2 or score >= best_score / 2),
                    None)
        if full is not None:
            return full if prose is None or _follows(full, prose) else prose
        if prose is not None:
            return prose
        prose = next((el for el, _ in after if scores[el] >= LONG_PROSE), None)
        node = node.getparent()
    return best if prose is None else prose


LONG_PROSE = 120  # one paragraph of ~80 characters with a few sentence marks


def _follows(el: etree._Element, lead: etree._Element) -> bool:
    """``el`` comes right after ``lead`` (or after the container ``lead`` sits in)."""
    for node in (lead, lead.getparent()):
        nxt = node.getnext() if node is not None else None
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None and (nxt is el or el in nxt.iterancestors()):
            return True
    return False


def _fallback_body(root: etree._Element) -> etree._Element | None:
    """No sentence-like text anywhere: the element with the most text, if it has some."""
    best, best_len = None, 30
    for el in root.iter("article", "main", "td", "div", "section"):
        n = len(_STRING(el))
        if n > best_len and not any(c.tag in ("div", "td", "article", "section") for c in el):
            best, best_len = el, n
    return best


# Headline candidates: h1-h4 and the <font>/<b> headings of table layouts, and elements whose
# class or id says title. Found by tag in C and by reading the class/id attribute values, not by
# an XPath predicate on every element (five times slower on a 3,000-element portal page).
_TITLE_TAGS = ("h1", "h2", "h3", "h4", "font", "b", "strong")
_TITLE_NAME = re.compile(r"tit|headline|biaoti", re.I)
_CLASSES = etree.XPath("//@class")
_IDS = etree.XPath("//@id")


def _title_candidates(root: etree._Element) -> list[etree._Element]:
    found = list(root.iter(*_TITLE_TAGS))
    seen = set(found)
    for attr in [*_CLASSES(root), *_IDS(root)]:
        if _TITLE_NAME.search(attr):
            el = attr.getparent()
            if el not in seen:
                seen.add(el)
                found.append(el)
    return sorted(found, key=lambda el: el.sourceline or 0)  # stable: page order


def _prose_para(el: etree._Element | None) -> bool:
    return el is not None and el.tag == "p" and bool(SENTENCE_MARK.search(_STRING(el)))


def _between_prose(el: etree._Element) -> bool:
    """``el`` (or the ``<p>`` holding it) stands between paragraphs of sentences: a section
    head inside the text, which may echo the headline's words; the headline stands above it."""
    parent = el.getparent()
    node = parent if parent is not None and parent.tag == "p" else el
    return (any(_prose_para(p) for p in node.itersiblings("p", preceding=True))
            and _prose_para(next(node.itersiblings("p"), None)))


def find_title(root: etree._Element, page_title: str, og_title: str | None) -> etree._Element | None:
    """The element printing the headline: the one most like the page's <title> or og:title
    (or their first part, before a site suffix), an h1 preferred; never a section head
    between the text's paragraphs."""
    refs = [r for r in {og_title or "", page_title, without_site_suffix(page_title)} if r]
    ref_grams = [g for g in (char_pairs(r) for r in refs) if len(g) >= 3]
    if not ref_grams:
        return None
    best, best_score = None, 0.0
    for el in _title_candidates(root):
        text = _STRING(el).strip()
        if not 4 <= len(text) <= 160:
            continue
        grams = char_pairs(text)
        if not grams:
            continue
        score = max(len(grams & ref) / max(len(grams), len(ref)) for ref in ref_grams)
        score += 0.15 if el.tag == "h1" else 0.0
        if score > best_score and not _between_prose(el):
            best, best_score = el, score
    return best if best_score >= 0.5 else None


def generic_locate(response: TextResponse) -> LocatedPage | None:
    root = response.selector.root
    html_body = next(root.iterchildren("body"), None)
    if html_body is None:
        html_body = root
    og = next((m.get("content") for m in root.iter("meta")  # by tag in C: a head has a few
               if m.get("property") == "og:title" and m.get("content") is not None), None)
    title_el = find_title(html_body, page_title(root), og)
    body = find_body(html_body, title_el)
    if body is None:
        return None
    if title_el is not None and (title_el is body or body in title_el.iterancestors()):
        title_el = None  # a "title" that holds the body is a container, not a headline
    page = locate_page(response, "generic", body=body, title=title_el, generic=True)
    if title_el is None:
        # No headline element: og:title or the <title> without its site suffix.
        title = clean_text(og) or without_site_suffix(page.page_title or "")
        if title:
            page.blocks.insert(0, Block(Kind.TITLE, title))
    return page
