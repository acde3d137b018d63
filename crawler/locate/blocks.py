"""Turn a content element into an ordered list of text blocks.

This is the only place that walks markup to produce text. It reads trees that
``crawler.locate.sanitize`` has already cleaned (scripts, styles, comments, hidden elements
and event handlers are gone): that module alone decides what a reader never sees.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from crawler import settings
from crawler.clean.rules import LIST_BULLET
from crawler.clean.text import clean_text
from crawler.items import Block

# Visible, but never article text (what is invisible, sanitize has removed). Not "form":
# ASP.NET-style pages wrap the whole page, article included, in one <form>.
SKIP_TAGS = {"head", "nav", "input"}
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dd", "dt", "table", "tr",
    "td", "th", "tbody", "thead", "figure", "figcaption", "center", "hr", "address",
}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
STRONG_TAGS = {"strong", "b"}
IMG_TAGS = {"img", "amp-img", "mip-img"}  # AMP / MIP pages use their own image elements
# Lazy-loading pages keep the real image here and a placeholder in src.
_LAZY_SRC = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "data-echo",
             "data-lazyload")
_CAPTION_CLASS = re.compile(r"pic|caption|img[-_]?(?:title|desc|info)|tuzhu|photo[-_]?desc", re.I)
_CENTERED = re.compile(r"text-align\s*:\s*center", re.I)
# A line crediting a photo: 某某供图, …记者 王小明 摄 (not 拍摄: a sentence may end so),
# 图片来源：…, 资料图：…, 图为… . Right after an image it is the image's caption, whatever its markup.
_PHOTO_CREDIT = re.compile(
    r"(?:供图|(?<!拍)摄|翻摄)\s*[)）]?$|^[（(]?\s*(?:图片来源|图源|图片由|资料图|图为|图\s*[：:]|摄影\s*[：:])"
)


@dataclass(frozen=True)
class Limits:
    """Upper bounds that keep a hostile page (5,000 levels of nesting, 100,000 lines) cheap:
    the MAX_DEPTH and MAX_BLOCKS settings, whose defaults are written in crawler/settings.py."""

    depth: int = settings.MAX_DEPTH  # elements nested deeper are not read
    blocks: int = settings.MAX_BLOCKS  # text blocks kept per flattened element


# The bounds in force: the spider sets them from its settings around each page it locates
# (``limits()``); code that locates pages without a crawl (tests, benchmarks) gets the defaults.
LIMITS: ContextVar[Limits | None] = ContextVar("flatten_limits", default=None)
_DEFAULT_LIMITS = Limits()


@contextmanager
def limits(depth: int, blocks: int) -> Iterator[None]:
    token = LIMITS.set(Limits(depth, blocks))
    try:
        yield
    finally:
        LIMITS.reset(token)

MAX_CAPTION = 80  # characters: a caption is one short line
MAX_NAV_ITEM = 10  # characters of one navigation link, on average
# What may stand between navigation links: separators, and a label before the first (not a
# field's label: ``作者：<a>张三</a> <a>李四</a>`` is a byline).
_NAV_GLUE = re.compile(
    r"(?:(?![^：:]*(?:来源|作者|记者|通讯员|编辑|撰稿|摄影|出处|发布|时间|日期))"
    r"[\u4e00-\u9fff]{1,6}\s*[：:])?[\s|｜/·•、]*"
)


def _absolute(base_url: str, href: str) -> str:
    """``href`` resolved against the page; an absolute http(s) URL is itself (urljoin would
    return it unchanged, at a cost that shows on a page of links)."""
    if href.startswith(("http://", "https://")):
        return href
    return urljoin(base_url, href)


class _Flattener:
    def __init__(self, base_url: str, drop_nav: bool = False) -> None:
        self.base_url = base_url
        self.drop_nav = drop_nav
        bounds = LIMITS.get() or _DEFAULT_LIMITS
        self.max_depth, self.max_blocks = bounds.depth, bounds.blocks
        self.out: list[Block] = []
        self.buf: list[str] = []
        self.link_buf: list[str] = []
        self.plain_buf: list[str] = []  # text outside links
        self.links = 0  # anchors in the line
        # White space read while the buffers were empty (between blocks): not kept, it is no
        # text; noted, as flush() empties a line of white space like any line.
        self.blank = False
        self.strong_buf: list[str] = []
        self.href: str | None = None
        self.block_tags: list[tuple[str, etree._Element]] = []
        self.truncated = False
        self.sigs: list[tuple[str, str]] = []  # per block: (tag, class) of its element

    def flush(self) -> None:
        buf = self.buf
        if not buf:
            self.href = None
            if self.blank:
                self.links, self.blank = 0, False
            return
        text = clean_text("".join(buf))
        if text and self.drop_nav and self._is_nav_run(text):
            text = ""  # 链接：全国人大 | 全国政协 | …: navigation, never text nor a byline
        if text and len(self.out) < self.max_blocks:
            tag, el = self.block_tags[-1] if self.block_tags else ("p", None)
            cls = (el.get("class") or "") if el is not None else ""
            kind = "p"
            href = None
            strong = self.strong_buf
            if tag in HEADING_TAGS or (strong and (
                    len(strong) == len(buf) or clean_text("".join(strong)) == text)):
                kind = "h"  # (every piece strong: the same text, without cleaning it again)
            link_text = ""
            if self.href:  # every piece in the link: the line's own text
                link_text = clean_text("".join(self.link_buf)) if self.plain_buf else text
            if link_text and (link_text == text or LIST_BULLET.sub("", text) == link_text):
                # "· <a>title</a>" is a link; its href is resolved only now (most are not)
                kind, href, text = "link", _absolute(self.base_url, self.href), link_text
            elif el is not None and self._is_caption(el, tag, cls, text):
                kind = "caption"
            self.out.append(Block(kind, text, href))
            self.sigs.append((tag, cls) if el is not None else ("", ""))
        elif text:
            self.truncated = True
        # Emptied in place: ``visit`` holds these lists.
        buf.clear()
        self.link_buf.clear()
        self.strong_buf.clear()
        self.plain_buf.clear()
        self.href, self.links, self.blank = None, 0, False

    def _is_nav_run(self, text: str) -> bool:
        """Two or more short links with only separators (and a label) between them."""
        if self.links < 2 or len(text) > self.links * (MAX_NAV_ITEM + 3) + 8:
            return False
        return bool(_NAV_GLUE.fullmatch(clean_text("".join(self.plain_buf))))

    def _is_caption(self, el: etree._Element, tag: str, cls: str, text: str) -> bool:
        """``tag`` and ``cls``: the tag and class attribute of ``el``, read once by the caller;
        ``text``: the line."""
        if tag == "figcaption" or _CAPTION_CLASS.search(cls):
            return True
        # A centred line right after an image is the image's caption on most CMSs; centred by
        # CSS or, on pages older than CSS, by the align attribute. So is a photo credit.
        if not self.out or self.out[-1].kind != "img":
            return False
        align = el.get("align")
        return bool((align and align.lower() == "center") or _CENTERED.search(el.get("style") or "")
                    or (len(text) <= MAX_CAPTION and _PHOTO_CREDIT.search(text)))

    def _image(self, el: etree._Element) -> None:
        src = next((v for a in _LAZY_SRC if (v := (el.get(a) or "").strip())), "")
        src = src or (el.get("src") or "").strip()
        if src and not src.startswith("data:"):
            self.out.append(Block("img", clean_text(el.get("alt")), src=_absolute(self.base_url, src)))
            self.sigs.append(("img", ""))

    def visit(self, el: etree._Element, depth: int, in_link: bool, in_strong: bool) -> None:
        """Read ``el`` and everything under it in document order: one loop over a stack of
        open elements, not one Python call per element (that call was most of the cost)."""
        buf, link_buf, plain_buf, strong_buf = (self.buf, self.link_buf, self.plain_buf,
                                                self.strong_buf)
        block_tags, max_depth = self.block_tags, self.max_depth

        def end_line() -> None:
            if buf or self.blank:
                self.flush()
            else:
                self.href = None  # what flush() does with nothing to flush, without the call

        def take(text: str, in_link: bool, in_strong: bool) -> None:
            if buf or not text.isspace():
                buf.append(text)
                (link_buf if in_link else plain_buf).append(text)
                if in_strong:
                    strong_buf.append(text)
            else:
                self.blank = True  # white space between blocks: noted, not buffered

        # Open elements: (element, its unread children, block?, in_link, in_strong, depth).
        stack: list[tuple[etree._Element, Iterator[etree._Element], bool, bool, bool, int]] = []
        while True:
            tag = el.tag
            done = True  # False: ``el`` is open, its children come next
            if not isinstance(tag, str):  # an entity or comment the sanitizer left
                pass
            elif depth > max_depth:
                self.truncated = True
            elif tag not in SKIP_TAGS:  # the HTML parser gives tag names in lower case
                block = tag in BLOCK_TAGS
                if block or tag == "br" or tag in IMG_TAGS:
                    end_line()
                    if block:
                        block_tags.append((tag, el))
                    elif tag != "br":
                        self._image(el)
                if tag == "a":
                    self.links += 1
                    href = el.get("href")
                    if href and self.href is None:
                        self.href = href.strip()
                    in_link = True
                elif tag in STRONG_TAGS:
                    in_strong = True
                if text := el.text:
                    take(text, in_link, in_strong)
                if len(el):
                    stack.append((el, iter(el), block, in_link, in_strong, depth + 1))
                    done = False
                elif block:
                    end_line()
                    block_tags.pop()
            # Next: the first unread child of the innermost open element; an element with
            # none left is closed, and its tail read in its parent's context.
            while True:
                if done:
                    if not stack:
                        return
                    if tail := el.tail:
                        take(tail, stack[-1][3], stack[-1][4])
                parent, children, block, in_link, in_strong, depth = stack[-1]
                child = next(children, None)
                if child is not None:
                    el = child
                    break
                stack.pop()
                if block:
                    end_line()
                    block_tags.pop()
                el, done = parent, True


def _mark_captions(blocks: list[Block], sigs: list[tuple[str, str]]) -> None:
    """A short line right after an image, in an element unlike the text's paragraphs
    (``div.left_pt`` among ``<p>``s), is the image's caption: CMSs give the caption its own
    element and class. Lines shaped like the paragraphs stay paragraphs."""
    shapes = Counter(sig for b, sig in zip(blocks, sigs, strict=True) if b.kind == "p")
    if not shapes:
        return
    prose = shapes.most_common(1)[0][0]
    after_img = [i for i in range(1, len(blocks))
                 if blocks[i].kind == "p" and blocks[i - 1].kind == "img" and sigs[i] != prose]
    # The shape is a caption shape when every line of that shape follows an image.
    seen = Counter(sigs[i] for i in after_img)
    for i in after_img:
        if seen[sigs[i]] == shapes[sigs[i]] and len(blocks[i].text) <= MAX_CAPTION:
            blocks[i] = Block("caption", blocks[i].text)


def flatten(root: etree._Element | None, base_url: str, *,
            drop_nav: bool = False) -> tuple[list[Block], bool]:
    """Blocks of ``root`` in reading order, and whether a size bound cut them short.

    ``drop_nav``: leave out lines that are only navigation links (``链接：全国人大 | 全国政协``),
    for readers of the article's text and header lines; a run of names in links is not a byline.
    """
    if root is None:
        return [], False
    f = _Flattener(base_url, drop_nav)
    f.visit(root, 0, False, False)
    f.flush()
    if ("img", "") in f.sigs:  # an image's signature: captions follow images; most reads have none
        _mark_captions(f.out, f.sigs)
    return f.out, f.truncated


def element_text(el: etree._Element | None) -> str:
    """Visible text of one element, as a single line."""
    if el is None:
        return ""
    blocks, _ = flatten(el, "")
    return clean_text(" ".join(b.text for b in blocks))
