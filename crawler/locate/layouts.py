"""Site-specific locators: where each known layout keeps title, meta, byline and body.

A layout is recognised by its markup, not only its host, so a mirror or a local snapshot of
the same CMS is handled the same way. Order matters: the first layout that matches wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from lxml import etree
from parsel.csstranslator import HTMLTranslator
from scrapy.http import TextResponse

from crawler.items import Kind, LocatedPage
from crawler.locate.page import first, header_block, locate_page

_CSS = HTMLTranslator()


@dataclass(frozen=True)
class Layout:
    name: str
    hosts: tuple[str, ...]
    # The page is this layout when one of these matches (markup fingerprint).
    fingerprint: tuple[str, ...]
    content: tuple[str, ...]
    title: tuple[str, ...] = ("h1",)
    meta: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    kicker: tuple[str, ...] = ()
    subtitle: tuple[str, ...] = ()
    path: str | None = None  # URL path pattern that also identifies the layout

    @cached_property
    def _fingerprint(self) -> etree.XPath:
        """All fingerprint selectors as one compiled XPath: one pass over the page."""
        return etree.XPath(" | ".join(_CSS.css_to_xpath(q) for q in self.fingerprint))

    def matches(self, response: TextResponse) -> bool:
        url = urlsplit(response.url)
        if self.path and not re.search(self.path, url.path):
            return False
        if url.hostname in self.hosts:
            return True
        return bool(self._fingerprint(response.selector.root))

    def locate(self, response: TextResponse) -> LocatedPage | None:
        """The page's parts where this layout keeps them; the selectors are one source of
        header evidence among others (the header zone and embedded metadata are read too)."""
        sel = response.selector
        body = first(sel, *self.content)
        if body is None:
            return None
        marked = (  # locate_page adds the title, read once from its element
            header_block(Kind.KICKER, sel, *self.kicker)
            + header_block(Kind.SUBTITLE, sel, *self.subtitle)
            + header_block(Kind.BYLINE, sel, *self.byline)
            + header_block(Kind.META, sel, *self.meta)
        )
        return locate_page(response, self.name, body=body, title=first(sel, *self.title),
                           marked=marked)


LAYOUTS: tuple[Layout, ...] = (
    # 工人日报 e-paper pages live on www.workercn.cn too, so they are checked first.
    Layout(
        name="grrb-epaper",
        hosts=("www.workercn.cn", "workercn.cn"),
        path=r"/papers/grrb/",
        fingerprint=("div.paper-article", "div.paper-content"),
        content=("div.paper-content", "div.paper-article"),
        title=("h1.zhuti", "div.paper-article h1", "h1"),
        kicker=("h3.yinti",),
        subtitle=("h2.futi",),
        byline=("div.author",),
        meta=("div.paper-date",),
    ),
    Layout(
        name="workercn",
        hosts=("www.workercn.cn", "workercn.cn"),
        fingerprint=("div.ccontent",),
        content=("div.ccontent",),
        title=("h1.ctitle", "div.article h1", "h1"),
        meta=("div.cinfo",),
    ),
    Layout(
        name="people",
        hosts=("acftu.people.com.cn",),
        fingerprint=("div.rm_txt_con", "div.text_con div.box_con"),
        content=("div.rm_txt_con", "div.box_con", "div.text_con"),
        title=("div.text_title h1", "h1"),
        kicker=("div.text_title h3.pre", "h3.pre"),
        subtitle=("div.text_title h4.sub", "h4.sub"),
        byline=("div.text_title p.sou", "p.sou", "p.author"),
        meta=("div.box01 div.fl", "div.box01"),
    ),
    Layout(
        name="ngwz",
        hosts=("m.ngwz.net", "www.ngwz.net", "ngwz.net"),
        fingerprint=("article.news-detail div.news-body",),
        content=("div.news-body",),
        title=("h1.news-title", "h1"),
        meta=("div.news-meta",),
    ),
)


def _prefilter() -> re.Pattern[str] | None:
    """The class names some layout's fingerprint needs, as one pattern: a page none of whose
    class attributes holds one is no known layout (one cheap read of the class values rules
    out every layout at once on the many pages of unknown sites). None: no prefilter possible
    (a fingerprint without a class)."""
    queries = [q for layout in LAYOUTS for q in layout.fingerprint]
    if not all("." in q for q in queries):
        return None
    names = sorted({m for q in queries for m in re.findall(r"\.([\w-]+)", q)})
    return re.compile("|".join(map(re.escape, names)))


_FINGERPRINT_CLASSES = _prefilter()
_CLASS_VALUES = etree.XPath("//*/@class", smart_strings=False)  # = //@class, found faster
_HOSTS = frozenset(h for layout in LAYOUTS for h in layout.hosts)


def site_locate(response: TextResponse) -> LocatedPage | None:
    """The page located by the first known layout that matches it, else None."""
    if (urlsplit(response.url).hostname not in _HOSTS and _FINGERPRINT_CLASSES is not None
            and not _FINGERPRINT_CLASSES.search(" ".join(_CLASS_VALUES(response.selector.root)))):
        return None
    for layout in LAYOUTS:
        if layout.matches(response):
            page = layout.locate(response)
            if page is not None and any(b.kind in ("p", "h") for b in page.blocks):
                return page
    return None
