"""``scrapy crawl`` with plain-sentence failures and an exit code that never lies.

Before anything starts: arguments (known names, given once, bounded length) and the project's
settings (``crawler.config.CHECKS``) are checked; a problem is one sentence and exit 2. After the
crawl, the verdict is :class:`crawler.outcome.RunOutcome`'s: its first failure and exit 1. A
crawl that never closed normally (a forced shutdown after a second Ctrl-C / SIGTERM) or never
started also exits 1.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.config import setting_problems
from crawler.outcome import RunOutcome
from crawler.pipelines.store import StoreUnavailable
from crawler.spiders.base import ArgumentError, shown

logger = logging.getLogger(__name__)

BAD_INPUT = 2
FAILED_RUN = 1


class Command(ScrapyCrawl):
    repeated: tuple[str, ...] = ()  # -a names given more than once; set by process_options

    def process_options(self, args: list[str], opts: Any) -> None:
        # Scrapy turns the -a list into a dict, where a repeated name silently keeps the last.
        names = [a.split("=", 1)[0] for a in opts.spargs if "=" in a]
        self.repeated = tuple(sorted({n for n in names if names.count(n) > 1}))
        super().process_options(args, opts)

    def run(self, args: list[str], opts: Any) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name: series or article")
        assert self.crawler_process
        if self.repeated:
            name = self.repeated[0]
            self._fail(f"Argument {shown(name, 40)} was given more than once; give each -a "
                       "argument once.", BAD_INPUT)
            return
        problems = setting_problems(self.crawler_process.settings)
        if problems:
            self._fail(problems[0], BAD_INPUT)
            return
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            names = ", ".join(self.crawler_process.spider_loader.list())
            self._fail(f"Unknown spider {shown(args[0], 40)}; the spiders are: {names}.",
                       BAD_INPUT)
            return
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            try:
                check(dict(opts.spargs))
            except ArgumentError as exc:
                self._fail(str(exc), BAD_INPUT)
                return
        crawler = self._create_crawler(args[0])
        _quiet_if_store_unavailable(self.crawler_process.crawl(crawler, **opts.spargs))
        self.crawler_process.start()
        self._verdict(crawler)

    def _verdict(self, crawler: Any) -> None:
        try:
            outcome: RunOutcome | None = RunOutcome.of(crawler)
        except Exception:  # no extension manager (RuntimeError): the crawl never began
            outcome = None
        if outcome is not None and outcome.failures:
            self._fail(outcome.failures[0], FAILED_RUN)
        elif self.crawler_process.bootstrap_failed or outcome is None:
            self._fail("The crawl could not start; see the log above for why.", FAILED_RUN)
        elif outcome.close_reason is None:
            sentence = ("The crawl was forced to stop before it finished; the store keeps what "
                        "was stored, and the export was not rewritten.")
            outcome.fail(sentence)
            self._fail(sentence, FAILED_RUN)

    def _fail(self, sentence: str, code: int) -> None:
        print(f"Error: {sentence}", file=sys.stderr)
        self.exitcode = code


def _quiet_if_store_unavailable(started: Any) -> None:
    """A store that cannot be opened stops the crawl at engine creation with its sentence
    already in RunOutcome; retrieve that exception so no traceback is printed for it. Any
    other start-up error keeps its traceback in the log."""

    def retrieved(task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None and not isinstance(exc, StoreUnavailable):
            logger.error("The crawl could not start", exc_info=exc)

    if isinstance(started, asyncio.Future):
        started.add_done_callback(retrieved)
    elif hasattr(started, "addErrback"):  # a Deferred (CrawlerProcess)
        started.addErrback(lambda failure: None if failure.check(StoreUnavailable) else failure)
