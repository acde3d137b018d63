"""LocatedPage -> Article: the layout-independent cleaning and normalization step."""

from __future__ import annotations

import logging

from crawler.clean.assemble import build_article
from crawler.items import LocatedPage
from crawler.pipelines import StatsPipeline

logger = logging.getLogger(__name__)


class ExtractPipeline(StatsPipeline):
    def process_item(self, item, spider=None):
        if not isinstance(item, LocatedPage):
            return item
        article = build_article(item)
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
        return article
