"""Whether a run did its job, and why not: the one owner of the verdict (a Scrapy extension).

Components report to it; nothing else decides the exit code:

- ``fail(sentence)``: the run could not do its job (a start page that failed, a store that could
  not be written, …). The crawl command prints the first sentence and exits 1.
- ``page_failed(url, reason)``: a page that could not be fetched or extracted (logged, counted,
  listed in the summary; on its own it fails nothing).
- ``expect_member(series, key)`` / ``member_done(series, key)``: a series member named by a
  link, the start page or a discovery page, and one stored (or confirmed unchanged) in this run.

At ``spider_closed`` it logs the run summary and adds the health checks' verdict: stopped early,
items dropped by validation, no article, expected members not done (full series runs), the
per-series floor ``SERIES_MIN_MEMBERS`` (members done now + stored before), and field coverage
(``HEALTH_MIN_COVERAGE``). ``crawler.commands.crawl`` reads :attr:`RunOutcome.failures` and
:attr:`RunOutcome.close_reason` (None: the crawl never closed, e.g. a forced shutdown).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.clean.provinces import PROVINCES
from crawler.clean.series import DEFAULT_SERIES_NAME, member_key
from crawler.config import member_floor_setting, setting_problems

logger = logging.getLogger(__name__)

# The members a complete default series has: the provinces (兵团 may not be part of it).
DEFAULT_SERIES_MEMBERS = tuple(p for p in PROVINCES if p != "新疆生产建设兵团")
COVERED_FIELDS = ("published_at", "authors")


class RunOutcome:
    """The run's verdict; one per crawler (``RunOutcome.of(crawler)``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.failures: list[str] = []
        self.failed_pages: list[tuple[str, str]] = []
        self.expected: dict[str, set[str]] = {}
        self.done: dict[str, set[str]] = {}
        self.stored_before: dict[str, set[str]] | None = None  # None: no store reports members
        self.close_reason: str | None = None
        settings = crawler.settings
        problems = setting_problems(settings)
        for sentence in problems:
            self.fail(sentence)
        bad = {p.split("=", 1)[0].removeprefix("Setting ") for p in problems}
        self.min_coverage = (0.0 if "HEALTH_MIN_COVERAGE" in bad
                             else settings.getfloat("HEALTH_MIN_COVERAGE"))
        self.floors: dict[str, int] = (
            {} if bad & {"SERIES_MIN_MEMBERS", "SERIES_EXPECTED_SIZE"}
            else member_floor_setting(settings)
        )
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunOutcome:
        return cls(crawler)

    @classmethod
    def of(cls, crawler: Crawler) -> RunOutcome:
        """The crawler's RunOutcome (an extension: usable once extensions exist)."""
        outcome = crawler.get_extension(cls)
        if outcome is None:
            raise NotConfigured(
                "crawler.outcome.RunOutcome is not in EXTENSIONS; the run would have no verdict."
            )
        return outcome

    # -- what components report ----------------------------------------------------------------
    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def fail(self, sentence: str) -> None:
        if sentence not in self.failures:
            self.failures.append(sentence)
            logger.error(sentence)

    def page_failed(self, url: str, reason: str) -> None:
        if (url, reason) in self.failed_pages:
            return
        self.failed_pages.append((url, reason))
        self.stats.inc_value("outcome/failed_pages")
        logger.error("Failed page %s: %s", url, reason)

    def expect_member(self, series: str, member_key: str) -> None:
        self.expected.setdefault(series, set()).add(member_key)

    def member_done(self, series: str, member_key: str) -> None:
        self.done.setdefault(series, set()).add(member_key)

    def members_stored_before(self, stored: dict[str, list[str]]) -> None:
        """The store's members when the run began; from then on the store reports members."""
        self.stored_before = {series: set(keys) for series, keys in stored.items()}

    def item_scraped(self, item: Any) -> None:
        # Without a store nobody reports stored members: a scraped item is the member done.
        if self.stored_before is not None or not ItemAdapter.is_item(item):
            return
        adapter = ItemAdapter(item)
        key = member_key(adapter.get("member"), adapter.get("province"))
        if adapter.get("series") and key:
            self.member_done(adapter["series"], key)

    def spider_opened(self, spider: Any) -> None:
        """With ``-s JOBDIR`` a job spans several runs: members expected and done in the runs
        before a resume count. Scrapy's SpiderState pickles ``spider.state`` at close (before
        this extension's spider_closed), so it holds these very sets."""
        state = getattr(spider, "state", None)
        if not isinstance(state, dict):
            return
        saved = state.setdefault("run_outcome", {})
        for name in ("expected", "done"):
            mine: dict[str, set[str]] = getattr(self, name)
            for series, keys in (saved.get(name) or {}).items():
                mine.setdefault(series, set()).update(keys)
            saved[name] = mine

    # -- at the end ----------------------------------------------------------------------------
    def spider_closed(self, spider: Any, reason: str) -> None:
        self.close_reason = reason
        self.log_summary(spider)
        self.verdict(spider, reason)

    def full_series_run(self, spider: Any) -> bool:
        return getattr(spider, "name", None) == "series" and not any(
            getattr(spider, name, None) for name in ("member", "province")
        )

    def stored(self, series: str) -> set[str]:
        return self.done.get(series, set()) | (self.stored_before or {}).get(series, set())

    def missing(self, series: str) -> list[str]:
        """Members expected (named by links, or the default series' provinces) not stored."""
        known = set(self.expected.get(series, set()))
        if series == DEFAULT_SERIES_NAME:
            known |= set(DEFAULT_SERIES_MEMBERS)
        order = {p: i for i, p in enumerate(DEFAULT_SERIES_MEMBERS)}
        return sorted(known - self.stored(series), key=lambda m: (order.get(m, len(order)), m))

    def log_summary(self, spider: Any) -> None:
        stats = self.stats
        parts = [
            f"{stats.get_value('item_scraped_count', 0)} items",
            f"{stats.get_value('incremental/unchanged', 0)} pages unchanged since the last run "
            "(not re-extracted)",
            f"{stats.get_value('validate/dropped', 0)} dropped",
            f"{len(self.failed_pages)} failed pages",
        ]
        if self.stored_before is not None:
            parts += [f"{stats.get_value(f'store/{k}', 0)} {k}"
                      for k in ("new", "changed", "unchanged")]
        logger.info("Run summary (%s): %s", getattr(spider, "name", "?"), ", ".join(parts))
        for url, why in self.failed_pages:
            logger.info("  failed: %s (%s)", url, why)
        if self.full_series_run(spider):
            for series in sorted(set(self.expected) | set(self.done) | set(self.floors)):
                missing = self.missing(series)
                if missing:
                    logger.info("  missing members of %s: %s", series, "、".join(missing))

    def verdict(self, spider: Any, reason: str) -> None:
        """Add why the run failed, if it did; the first sentence is what the user sees."""
        if not self.failures:
            for sentence in self.run_problems(reason):
                self.fail(sentence)
        if not self.failures and self.full_series_run(spider):
            for sentence in self.member_problems():
                self.fail(sentence)
        if not self.failures:
            for sentence in self.coverage_problems():
                self.fail(sentence)

    def run_problems(self, reason: str) -> list[str]:
        stats = self.stats
        dropped = stats.get_value("validate/dropped", 0)
        articles = (stats.get_value("item_scraped_count", 0)
                    + stats.get_value("incremental/unchanged", 0))
        if reason != "finished":
            return [f"The crawl stopped early ({reason}) before it could do its job."]
        if dropped:
            return [f"{dropped} item(s) failed validation; see the log for which."]
        if not articles:
            return ["The crawl produced no articles."]
        return []

    def member_problems(self) -> list[str]:
        found = []
        several = len(set(self.expected) | set(self.done)) > 1
        for series, expected in sorted(self.expected.items()):
            missing = sorted(expected - self.done.get(series, set()))
            if missing:
                where = f" of {series}" if several else ""
                found.append(
                    f"Only {len(expected) - len(missing)} of the {len(expected)} series members"
                    f"{where} named by the links were stored in this run "
                    f"(missing: {'、'.join(missing)})."
                )
        touched = set(self.expected) | set(self.done)
        for series, floor in sorted(self.floors.items()):
            if touched and series not in touched:
                continue  # a run of another series
            stored = self.stored(series)
            if len(stored) < floor:
                missing = self.missing(series)
                named = f" (missing: {'、'.join(missing)})" if missing else ""
                found.append(
                    f"Only {len(stored)} of the {floor} expected series articles are stored"
                    f"{named}."
                )
        return found

    def coverage_problems(self) -> list[str]:
        ok = self.stats.get_value("validate/ok", 0)
        found = []
        for name in COVERED_FIELDS:
            missing = self.stats.get_value(f"validate/missing/{name}", 0)
            if ok and (ok - missing) / ok < self.min_coverage:
                found.append(
                    f"Only {ok - missing} of {ok} articles have {name} "
                    f"(HEALTH_MIN_COVERAGE is {self.min_coverage:.0%})."
                )
        return found
