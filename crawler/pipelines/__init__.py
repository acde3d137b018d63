"""Item pipelines, in the order they run: extract (clean + normalize), validate, store."""

from __future__ import annotations


class StatsPipeline:
    """A pipeline that only needs the crawl's stats collector."""

    def __init__(self, stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)
