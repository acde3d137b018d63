"""Store every article (crawler.store) and export the whole store as JSON lines at the end.

Settings: ``STORE_PATH`` (empty disables the pipeline) and ``EXPORT_PATH`` (empty: no export).
A store that cannot be opened closes the spider (reason ``store_unavailable``) with its one
plain sentence in ``spider.run_failures``; ``crawler.commands.crawl`` prints it and exits 1.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from scrapy.exceptions import CloseSpider, NotConfigured

from crawler.clean.provinces import PROVINCES
from crawler.items import Article
from crawler.store import ArticleStore, StoreError

logger = logging.getLogger(__name__)

# The provinces a complete series has; 兵团 may not be part of it (settings.SERIES_EXPECTED_SIZE).
EXPECTED_PROVINCES = tuple(p for p in PROVINCES if p != "新疆生产建设兵团")
OUTCOMES = ("new", "changed", "unchanged")


class StorePipeline:
    def __init__(self, crawler: Any, store_path: str, export_path: str) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store_path = store_path
        self.export_path = export_path
        self.store: ArticleStore | None = None
        self.counts = dict.fromkeys(OUTCOMES, 0)
        self.write_failed = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        store_path = crawler.settings.get("STORE_PATH", "output/articles.sqlite3")
        if not store_path:
            raise NotConfigured("STORE_PATH is empty")
        export_path = crawler.settings.get("EXPORT_PATH", "output/articles.jsonl") or ""
        return cls(crawler, str(store_path), str(export_path))

    def _fail(self, sentence: str) -> None:
        logger.error(sentence)
        failures = getattr(self.crawler.spider, "run_failures", None)
        if isinstance(failures, list) and sentence not in failures:
            failures.append(sentence)

    async def open_spider(self, spider: Any = None) -> None:
        try:
            self.store = ArticleStore(self.store_path)
            count = self.store.count()
        except StoreError as exc:
            if self.store is not None:
                self.store.close()
                self.store = None
            self._fail(str(exc))
            # Scrapy >= 2.19: a component that fails to start closes the spider this way.
            raise CloseSpider(reason="store_unavailable") from None
        logger.info("Article store: %s (%d articles)", Path(self.store_path).resolve(), count)
        # The series spider reads it: stored URLs for one province, and whether a page that
        # came back unchanged (HTTP 304) is already stored.
        self.crawler.article_store = self.store

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if self.store is None or not isinstance(item, Article):
            return item
        try:
            outcome = self.store.upsert(dataclasses.asdict(item))
        except StoreError as exc:
            self.stats.inc_value("store/failed")
            if not self.write_failed:
                self.write_failed = True
                self._fail(str(exc))
            return item
        self.counts[outcome] += 1
        self.stats.inc_value(f"store/{outcome}")
        return item

    def close_spider(self, spider: Any = None) -> None:
        store = self.store
        if store is None:
            return
        spider = self.crawler.spider
        try:
            summary: dict[str, Any] = {
                **self.counts,
                "failed": len(getattr(spider, "failed", [])),
                "missing": [],
            }
            if getattr(spider, "name", None) == "series":
                stored = set(store.provinces())
                summary["stored"] = len(stored)
                summary["missing"] = [p for p in EXPECTED_PROVINCES if p not in stored]
            self.stats.set_value("store/summary", summary)
            if self.export_path:
                self._export(store)
        except StoreError as exc:
            self._fail(str(exc))
        finally:
            store.close()
            self.store = None
            self.crawler.article_store = None

    def _export(self, store: ArticleStore) -> None:
        count = store.export_jsonl(self.export_path)
        self.stats.set_value("store/exported", count)
        logger.info("Exported %d stored articles to %s", count,
                    Path(self.export_path).resolve())
