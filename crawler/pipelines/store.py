"""Store every article (crawler.store) and export the store as JSON lines at the end.

Settings: ``STORE_PATH`` (empty disables the pipeline), ``EXPORT_PATH`` (empty: no export) and
``EXPORT_SERIES`` (empty: every series). The store is opened, and its lock taken, when the
pipeline is built — at engine creation, before ``spider_opened`` — so a crawl locked out by
another one stops before Scrapy's feed exports open (and truncate) their files. The pipeline
reports each stored series member to :class:`crawler.outcome.RunOutcome`.

Spiders reach the store with ``self.crawler.get_item_pipeline(StorePipeline).store``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.clean.series import member_key
from crawler.outcome import RunOutcome
from crawler.store import ArticleStore, StoreError

logger = logging.getLogger(__name__)

OUTCOMES = ("new", "changed", "unchanged")


class StoreUnavailable(StoreError):
    """The store could not be opened; raised at engine creation so the crawl never starts.
    Its sentence is already in RunOutcome.failures."""


class StorePipeline:
    def __init__(self, crawler: Crawler, store_path: str, export_path: str = "",
                 export_series: str = "") -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.outcome = RunOutcome.of(crawler)
        self.store_path = store_path
        self.export_path = export_path
        self.export_series = export_series or None
        self.write_failed = False
        try:
            self._store: ArticleStore | None = ArticleStore(store_path)
            stored = {series: self._store.members(series) for series in self._store.series_names()}
        except StoreError as exc:
            if getattr(self, "_store", None) is not None:
                self._store.close()
            self._store = None
            self.outcome.fail(str(exc))
            raise StoreUnavailable(str(exc)) from None
        self.outcome.members_stored_before(stored)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        store_path = settings.get("STORE_PATH")
        if not store_path:
            raise NotConfigured("STORE_PATH is empty")
        return cls(crawler, str(store_path), str(settings.get("EXPORT_PATH") or ""),
                   str(settings.get("EXPORT_SERIES") or ""))

    @property
    def store(self) -> ArticleStore | None:
        """The open store (None once the run's pipeline has closed it)."""
        return self._store

    def open_spider(self, spider: Any = None) -> None:
        if self._store is None:
            return
        logger.info("Article store: %s (%d articles)", Path(self.store_path).resolve(),
                    self._store.count())
        for key, url in self._store.damaged():
            logger.warning("Stored article %s (%s) is damaged; a crawl that reaches it repairs "
                           "it", key, url)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if self._store is None or not ItemAdapter.is_item(item):
            return item
        data = ItemAdapter(item).asdict()
        if not data.get("url") or not data.get("content_hash"):
            return item  # not an article
        try:
            outcome = self._store.upsert(data)
        except StoreError as exc:
            self.stats.inc_value("store/failed")
            if not self.write_failed:
                self.write_failed = True
                self.outcome.fail(str(exc))
            return item
        self.stats.inc_value(f"store/{outcome}")
        key = member_key(data.get("member"), data.get("province"))
        if data.get("series") and key:
            self.outcome.member_done(data["series"], key)
        return item

    def close_spider(self, spider: Any = None) -> None:
        store = self._store
        if store is None:
            return
        try:
            damage = store.damage_report(None, self.export_path or None)
            if damage:
                self.outcome.fail(damage)
            elif self.export_path:
                count = store.export_jsonl(self.export_path, series=self.export_series)
                self.stats.set_value("store/exported", count)
                logger.info("Exported %d stored articles to %s", count,
                            Path(self.export_path).resolve())
        except StoreError as exc:
            self.outcome.fail(str(exc))
        finally:
            store.close()
            self._store = None
