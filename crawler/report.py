"""The end-of-run summary and health verdict.

Logs one summary line per run and decides whether the run did its job. The reasons it did not
are kept on the spider (``run_failures``); ``crawler.commands.crawl`` prints the first one to
stderr and exits non-zero, so cron and Scrapyd see the failure.
"""

from __future__ import annotations

import logging

from scrapy import signals

logger = logging.getLogger(__name__)


class RunReport:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats
        scraped = stats.get_value("item_scraped_count", 0)
        unchanged = stats.get_value("incremental/unchanged", 0)
        dropped = stats.get_value("validate/dropped", 0)
        failed = list(getattr(spider, "failed", []))
        failures: list[str] = getattr(spider, "run_failures", [])
        summary = stats.get_value("store/summary") or {}
        parts = [
            f"{scraped} items",
            f"{unchanged} pages unchanged since the last run (not re-extracted)",
            f"{dropped} dropped",
            f"{len(failed)} failed pages",
        ]
        parts += [f"{v} {k}" for k, v in summary.items() if k != "missing"]
        logger.info("Run summary (%s): %s", spider.name, ", ".join(parts))
        for url, why in failed:
            logger.info("  failed: %s (%s)", url, why)
        if summary.get("missing"):
            logger.info("  missing provinces: %s", "、".join(summary["missing"]))
        if not failures:
            if reason not in ("finished",):
                failures.append(f"The crawl stopped early ({reason}).")
            elif dropped:
                failures.append(f"{dropped} item(s) failed validation; see the log for which.")
            elif scraped + unchanged == 0:
                failures.append("The crawl produced no articles.")
        spider.run_failures = failures
        self.crawler.run_failures = failures
