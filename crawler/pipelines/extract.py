"""LocatedPage -> Article: the layout-independent cleaning and normalization step.

Counts which evidence won each header field (``extract/evidence/<field>/<source>``), and with
``-a explain=1`` prints every candidate and the choice for each field.
"""

from __future__ import annotations

import logging
import sys

from crawler.clean.assemble import Extraction, extract
from crawler.items import LocatedPage

logger = logging.getLogger(__name__)
EXPLAINED = ("title", "member", "published_at", "byline", "authors", "source")


def explain(result: Extraction, out=None) -> None:
    """A plain-text view of the evidence and the decision for each header field."""
    out = out or sys.stdout
    art = result.article
    print(f"== {art.url} (layout {art.layout}, extractor {art.extractor})", file=out)
    for name in EXPLAINED:
        decision = result.decisions[name]
        print(f"{name}: {decision.value!r}  <- {decision.source or 'no evidence'}", file=out)
        for cand in decision.candidates:
            mark = "*" if cand.value == decision.value else " "
            print(f"   {mark} {cand.source:<11} {cand.detail:<24} {cand.value!r}", file=out)
    for name in ("headline", "kicker", "subtitle", "summary"):
        print(f"{name}: {getattr(art, name)!r}", file=out)
    print(f"body: {len(art.sections)} sections, {len(art.text)} characters; "
          f"related: {len(art.related)}; images: {len(art.images)}", file=out)
    out.flush()


class ExtractPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, LocatedPage):
            return item
        result = extract(item)
        for name, decision in result.decisions.items():
            self.stats.inc_value(f"extract/evidence/{name}/{decision.source or 'none'}")
        if getattr(self.crawler.spider, "explain", False):
            explain(result)
        self.stats.inc_value(f"extract/layout/{item.layout}")
        if item.generic:
            self.stats.inc_value("extract/generic")
            logger.warning(
                "No site layout matched %s; used the generic extractor (check this item)",
                item.url,
            )
        if item.truncated:
            self.stats.inc_value("extract/truncated")
            logger.warning("Page %s exceeded the size bounds; extraction was cut short", item.url)
        return result.article
