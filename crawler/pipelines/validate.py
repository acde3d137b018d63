"""Drop items that would mislead a user: no body, no title, mojibake. Count and name every drop."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler.clean.mojibake import looks_like_mojibake
from crawler.items import Article
from crawler.pipelines import StatsPipeline

logger = logging.getLogger(__name__)

REQUIRED = ("url", "title", "headline", "text", "content_hash")
# Fields a complete series article has; missing ones are counted, not dropped.
COVERAGE = ("published_at", "authors", "summary", "member")


def problems(article: Article) -> list[str]:
    found = [f"no {name}" for name in REQUIRED if not getattr(article, name)]
    # Chinese decoded with the wrong encoding reads as rare characters, not as an error.
    found += [f"{name} is mojibake" for name in ("title", "text")
              if looks_like_mojibake(getattr(article, name) or "")]
    if article.series and not article.member:
        found.append("series article without a member")
    return found


class ValidatePipeline(StatsPipeline):
    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item
        issues = problems(item)
        if issues:
            self.stats.inc_value("validate/dropped")
            reason = "; ".join(issues)
            self.stats.inc_value(f"validate/dropped/{issues[0]}")
            raise DropItem(f"{item.url}: {reason}")
        for name in COVERAGE:
            if not getattr(item, name):
                self.stats.inc_value(f"validate/missing/{name}")
        self.stats.inc_value("validate/ok")
        return item
