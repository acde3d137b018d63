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

    def health(self, spider, scraped: int, summary: dict) -> list[str]:
        """Checks that make a scheduled run fail loudly: series size and field coverage."""
        settings = self.crawler.settings
        found: list[str] = []
        expected = settings.getint("SERIES_EXPECTED_SIZE", 0)
        if spider.name == "series" and not getattr(spider, "province", None) and expected:
            stored = summary.get("stored")
            if stored is not None and stored < expected:
                missing = "、".join(summary.get("missing", [])) or "unknown"
                found.append(
                    f"Only {stored} of the {expected} expected series articles are stored "
                    f"(missing: {missing})."
                )
        minimum = settings.getfloat("HEALTH_MIN_COVERAGE", 0.9)
        ok = self.crawler.stats.get_value("validate/ok", 0)
        for name in ("published_at", "authors"):
            missing_n = self.crawler.stats.get_value(f"validate/missing/{name}", 0)
            if ok and (ok - missing_n) / ok < minimum:
                found.append(
                    f"Only {ok - missing_n} of {ok} articles have {name} "
                    f"(HEALTH_MIN_COVERAGE is {minimum:.0%})."
                )
        return found

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
        parts += [
            f"{v} {k}" for k, v in summary.items() if k not in ("missing", "failed", "stored")
        ]
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
        if not failures:
            failures.extend(self.health(spider, scraped, summary))
        spider.run_failures = failures
        self.crawler.run_failures = failures
