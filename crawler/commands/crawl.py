"""``scrapy crawl`` with plain-sentence failures and a non-zero exit for failed runs."""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.spiders.base import ArgumentError


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name: series or article")
        assert self.crawler_process
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            names = ", ".join(self.crawler_process.spider_loader.list())
            self._fail(f"Unknown spider {args[0]!r}; the spiders are: {names}.", 2)
            return
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            try:
                check(dict(opts.spargs))
            except ArgumentError as exc:
                self._fail(str(exc), 2)
                return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        failures = getattr(crawler, "run_failures", None)
        if self.crawler_process.bootstrap_failed:
            self._fail("The crawl could not start; see the log above for why.", 1)
        elif failures:
            self._fail(failures[0], 1)

    def _fail(self, sentence: str, code: int) -> None:
        print(f"Error: {sentence}", file=sys.stderr)
        self.exitcode = code
