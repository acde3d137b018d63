"""The four extractors, each turning one decoded page into an ``Output``.

Every extractor gets the same page (``pagesets.Page``: url, bytes, the encoding the crawler's
middleware chose and the text decoded with it). Fields an extractor does not produce are
``NA`` ("n/a" in the tables), not "wrong".
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scrapy.http import HtmlResponse, Request

NA: Any = object()  # the extractor has no such field

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)
logging.getLogger("readability").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", module="gne")


@dataclass
class Output:
    title: Any = NA
    published_at: Any = NA
    authors: Any = NA
    source: Any = NA
    text: Any = ""
    failed: bool = False  # an exception, or None where an article was expected
    error: str = field(default="", repr=False)


# -- ours: the single place that knows how our pipeline is called ------------------------------
def ours(page) -> Output:
    """Our extraction from the page's bytes: response -> ``locate`` -> ``build_article``.

    A fresh response each call, so decoding and parsing are part of our measured cost (the
    peers parse the string they are given). ``None`` from either step is "no output".
    """
    from crawler.clean.assemble import build_article
    from crawler.locate import locate

    response = HtmlResponse(url=page.url, body=page.body, encoding=page.encoding,
                            request=Request(page.url))
    located = locate(response)  # prepares the page as SanitizeMiddleware does in a crawl
    article = build_article(located) if located is not None else None
    if article is None:
        return Output(failed=True, error="no article")
    return Output(
        title=getattr(article, "title", None),
        published_at=getattr(article, "published_at", None),
        authors=getattr(article, "authors", None),
        source=getattr(article, "source", None),
        text=getattr(article, "text", "") or "",
    )


# -- peers -------------------------------------------------------------------------------------
def trafilatura_(page) -> Output:
    """``trafilatura.bare_extraction(html, url=..., with_metadata=True)`` (2.x: a Document).

    Its date comes from htmldate with trafilatura's default output format, a date only."""
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return Output(failed=True, error="None")
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return Output(title=get("title"), published_at=get("date"), authors=get("author"),
                  text=get("text") or "")


_gne = None


def gne_(page) -> Output:
    """``gne.GeneralNewsExtractor().extract(html)``: title, author, publish_time, content."""
    global _gne
    if _gne is None:
        from gne import GeneralNewsExtractor

        _gne = GeneralNewsExtractor()
    r = _gne.extract(page.html)
    return Output(title=r.get("title"), published_at=r.get("publish_time"),
                  authors=r.get("author"), text=r.get("content") or "")


def readability_(page) -> Output:
    """``readability.Document(html)``: ``short_title()`` and the text nodes of ``summary()``."""
    import lxml.html
    from readability import Document

    doc = Document(page.html)
    summary = doc.summary()
    text = ""
    if summary:
        root = lxml.html.fromstring(summary)
        text = "\n".join(t.strip() for t in root.itertext() if t.strip())
    return Output(title=doc.short_title(), text=text)


EXTRACTORS: dict[str, Callable[[Any], Output]] = {
    "ours": ours,
    "trafilatura": trafilatura_,
    "gne": gne_,
    "readability": readability_,
}


# The fields each extractor produces at all (the others are "n/a" in the tables).
PROVIDES: dict[str, frozenset[str]] = {
    "ours": frozenset({"title", "published_at", "authors", "source", "text"}),
    "trafilatura": frozenset({"title", "published_at", "authors", "text"}),
    "gne": frozenset({"title", "published_at", "authors", "text"}),
    "readability": frozenset({"title", "text"}),
}


def run(name: str, page) -> Output:
    """One extraction; an exception counts as "no output" (recorded, not raised)."""
    try:
        return EXTRACTORS[name](page)
    except Exception as exc:  # any crash on a page is that extractor's failure on it
        return Output(failed=True, error=f"{type(exc).__name__}: {exc}")
