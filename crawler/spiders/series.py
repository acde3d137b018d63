"""``scrapy crawl series``: the whole series, or one province of it.

From the start page(s) it follows every link whose anchor text is a series title, on the
start page's host and the known mirrors only; discovery pages (channel lists) add articles
newer than the start page. Each province is requested once.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from crawler.clean.provinces import known_names, normalize_province
from crawler.clean.series import parse_series_title
from crawler.links import HostPolicy, canonical, series_links
from crawler.locate.blocks import element_text
from crawler.spiders.base import ArgumentError, BaseSpider, check_url


def province_argument(value: str) -> str:
    province = normalize_province(value)
    if province is None:
        raise ArgumentError(
            f"Unknown province {value!r}; use one of: {'、'.join(known_names())} "
            "(full names such as 宁夏回族自治区 and forms such as 宁夏工会 work too)."
        )
    return province


class SeriesSpider(BaseSpider):
    name = "series"
    arguments = ("start_url", "province")

    @classmethod
    def check_arguments(cls, kwargs: dict[str, Any]) -> None:
        super().check_arguments(kwargs)
        if kwargs.get("start_url") is not None:
            check_url(kwargs["start_url"], "start_url")
        if kwargs.get("province") is not None:
            province_argument(kwargs["province"])

    def __init__(self, start_url: str | None = None, province: str | None = None, **kw: Any):
        super().__init__(**kw)
        self.start_url = check_url(start_url, "start_url") if start_url is not None else None
        self.province = province_argument(province) if province is not None else None
        self.requested: set[str] = set()  # canonical URLs
        self.requested_provinces: set[str] = set()
        self.yielded_provinces: set[str] = set()

    # -- start -----------------------------------------------------------------------------
    def start_urls_setting(self) -> list[str]:
        return [self.start_url] if self.start_url else self.settings.getlist("SERIES_START_URLS")

    def restore_state(self) -> None:
        """With -s JOBDIR, Scrapy pickles ``self.state`` between a stop and a resume; keeping
        the seen-sets there means a resumed crawl neither re-yields nor re-requests."""
        state = getattr(self, "state", None)
        if state is None:
            return
        self.requested = state.setdefault("requested", self.requested)
        self.requested_provinces = state.setdefault("requested_provinces", self.requested_provinces)
        self.yielded_provinces = state.setdefault("yielded_provinces", self.yielded_provinces)
        if self.yielded_provinces:
            self.logger.info("Resuming: %d provinces already crawled", len(self.yielded_provinces))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.restore_state()
        starts = self.start_urls_setting()
        self.host_policy = HostPolicy.build(starts, self.settings.getlist("SERIES_MIRRORS"))
        target = f" for {self.province}" if self.province else ""
        self.logger.info("Series crawl%s from %s", target, ", ".join(starts))
        stored = self.stored_url()
        if stored:
            # The province is in the store: one request, unless that URL has gone.
            self.logger.info("Using the stored URL for %s: %s", self.province, stored)
            yield scrapy.Request(stored, callback=self.parse, errback=self.on_stored_error,
                                 meta={"role": "stored"}, dont_filter=True)
            return
        for request in self.start_requests_for(starts):
            yield request
        if not self.province:
            for request in self.discovery_requests():
                yield request

    def start_requests_for(self, starts: list[str]) -> Iterator[scrapy.Request]:
        for url in starts:
            self.requested.add(canonical(url))
            yield scrapy.Request(url, callback=self.parse, errback=self.on_error,
                                 meta={"role": "start"}, dont_filter=True)

    def article_store(self):
        """The run's article store, reached through its pipeline (None without a store)."""
        from crawler.pipelines.store import StorePipeline

        pipeline = self.crawler.get_item_pipeline(StorePipeline)
        return pipeline.store if pipeline is not None else None

    def stored_url(self) -> str | None:
        store = self.article_store()
        if not self.province or store is None:
            return None
        url = store.url_for_province(self.province)
        return url if url and self.host_policy.allows(url) else None

    def on_stored_error(self, failure) -> Iterator[scrapy.Request]:
        self.logger.warning("The stored URL %s failed (%s); looking from the start page",
                            failure.request.url, failure.getErrorMessage())
        yield from self.start_requests_for(self.start_urls_setting())

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        for url in self.settings.getlist("SERIES_DISCOVERY_URLS"):
            if not self.host_policy.allows(url):
                self.logger.warning("Discovery page %s is not on an allowed host; skipped", url)
                continue
            yield scrapy.Request(url, callback=self.parse_discovery, errback=self.on_discovery_error,
                                 meta={"role": "discovery"}, dont_filter=True)

    # -- pages -----------------------------------------------------------------------------
    def unchanged(self, response: Response) -> bool:
        """A page the server confirmed unchanged (304) whose stored article came from these
        very bytes.

        Scrapy's HTTP cache marks a revalidated response "cached". Comparing page hashes, not
        just "is the URL stored", matters: a run killed after caching a changed page but
        before storing it must not make the next run skip that change.
        """
        store = self.article_store()
        if "cached" not in response.flags or store is None:
            return False
        return store.page_sha256_for(response.url) == hashlib.sha256(response.body).hexdigest()

    def parse(self, response: Response):
        if self.unchanged(response):
            self.crawler.stats.inc_value("incremental/unchanged")
            province = self._page_province(response, response.meta.get("link_hint"))
            if province:
                self.yielded_provinces.add(province)
            yield from self.follow(response)
            return
        page = self.locate_page(response)
        if page is not None:
            province = self._page_province(response, page.link_hint)
            wanted = self.province is None or province == self.province
            if province and province in self.yielded_provinces:
                self.logger.info("Skipping %s: %s was already crawled", response.url, province)
            elif wanted:
                if province:
                    self.yielded_provinces.add(province)
                yield page
        if isinstance(response, TextResponse):
            yield from self.follow(response)
        found = self.requested_provinces or self.province in self.yielded_provinces
        if self.province and response.meta.get("role") == "start" and not found:
            # The start page does not list it: maybe it is newer; try the channel lists.
            yield from self.discovery_requests()

    def parse_discovery(self, response: Response):
        self.crawler.stats.inc_value("series/discovery_pages")
        if isinstance(response, TextResponse):
            yield from self.follow(response)

    def on_discovery_error(self, failure) -> None:
        self.crawler.stats.inc_value("series/discovery_failed")
        self.logger.warning("Discovery page %s failed: %s", failure.request.url,
                            failure.getErrorMessage())

    def follow(self, response: TextResponse) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        for link in series_links(response.selector, response.url):
            stats.inc_value("series/links_seen")
            if not self.host_policy.allows(link.url):
                stats.inc_value("series/links_refused")
                self.logger.warning("Refusing series link to a host not allowed: %s", link.url)
                continue
            if self.province and link.province != self.province:
                continue
            key = canonical(link.url)
            if key in self.requested or link.province in self.requested_provinces:
                continue
            if link.province in self.yielded_provinces:
                continue
            self.requested.add(key)
            self.requested_provinces.add(link.province)
            stats.inc_value("series/articles_requested")
            # dont_filter: self.requested already de-duplicates; Scrapy's filter would also
            # swallow the last hop of a redirect loop, so the page would vanish unreported.
            yield response.follow(link.url, callback=self.parse, errback=self.on_error,
                                  meta={"role": "article", "link_hint": link.title},
                                  dont_filter=True)

    def _page_province(self, response: TextResponse, hint: str | None) -> str | None:
        h1 = response.css("h1")
        for text in (hint, element_text(h1[0].root) if h1 else None,
                     response.xpath("//title/text()").get()):
            parsed = parse_series_title(text or "")
            if parsed:
                return parsed[0]
        return None

    def closed(self, reason: str) -> None:
        if self.province and self.province not in self.yielded_provinces and not self.run_failures:
            self.fail_run(
                f"No article for {self.province} was found from the start page "
                "or the discovery pages."
            )
