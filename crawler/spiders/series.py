"""``scrapy crawl series``: a whole series, or one member of it.

The series is learned from the start page: its own title (``<h1>``, ``<title>``) and the anchor
texts of its links share a series name and separator (:func:`crawler.clean.series.infer_series`).
``-a series=NAME`` or the setting ``SERIES_NAME`` pins it (for a start page that shows no
links); with neither, and nothing learned, it is the default series.

From the start page(s) the spider follows every link whose anchor text is a title of that
series, on the start page's host and the known mirrors only; discovery pages (channel lists)
add articles newer than the start page. Each member is requested once. Every member a followed
link names, the start page's and the discovery pages' are reported to
:class:`crawler.outcome.RunOutcome` as expected; a full run fails when one of them is not
stored. ``-a member=`` (any series) and ``-a province=`` (province-level members) re-crawl one
member, from its stored URL first.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from crawler.clean.assemble import page_member
from crawler.clean.provinces import known_names, normalize_province
from crawler.clean.series import (
    DEFAULT_SERIES,
    Series,
    infer_series,
    member_key,
    series_named,
)
from crawler.links import MAX_LINKS_PER_PAGE, HostPolicy, canonical, page_anchors, series_links
from crawler.locate.blocks import element_text
from crawler.pipelines.store import StorePipeline
from crawler.spiders.base import ArgumentError, BaseSpider, check_url, shown
from crawler.store import ArticleStore


def province_argument(value: str) -> str:
    province = normalize_province(value)
    if province is None:
        raise ArgumentError(
            f"Unknown province {shown(value)}; use one of: {'、'.join(known_names())} "
            "(full names such as 宁夏回族自治区 and forms such as 宁夏工会 work too), "
            "or -a member= for a member that is not a province."
        )
    return province


def member_argument(value: str) -> str:
    """The member key of ``-a member=``: 宁夏 / 宁夏工会 -> 宁夏; 中国海员建设工会 as given."""
    key = member_key(value.strip()) if value else None
    if not key:
        raise ArgumentError("Argument member is empty; give a member such as 宁夏 or "
                            "中国海员建设工会.")
    return key


def series_argument(value: str) -> str:
    if not value or not value.strip():
        raise ArgumentError("Argument series is empty; give a series name, e.g. "
                            f"-a series='{DEFAULT_SERIES.name}'.")
    return value.strip()


class SeriesSpider(BaseSpider):
    name = "series"
    arguments = ("start_url", "province", "member", "series")

    @classmethod
    def check_arguments(cls, kwargs: dict[str, Any]) -> None:
        super().check_arguments(kwargs)
        if kwargs.get("start_url") is not None:
            check_url(kwargs["start_url"], "start_url")
        if kwargs.get("province") is not None:
            province_argument(kwargs["province"])
        if kwargs.get("member") is not None:
            member_argument(kwargs["member"])
        if kwargs.get("series") is not None:
            series_argument(kwargs["series"])
        both = kwargs.get("province") is not None and kwargs.get("member") is not None
        if both and province_argument(kwargs["province"]) != member_argument(kwargs["member"]):
            raise ArgumentError("Arguments province and member name different members; "
                                    "give one of them.")

    def __init__(self, start_url: str | None = None, province: str | None = None,
                 member: str | None = None, series: str | None = None, **kw: Any):
        super().__init__(**kw)
        self.start_url = check_url(start_url, "start_url") if start_url is not None else None
        self.province = province_argument(province) if province is not None else None
        # The member key a re-crawl is for (province short name, else the member name).
        self.member = self.province or (member_argument(member) if member is not None else None)
        if self.province is None and self.member is not None:
            self.province = normalize_province(self.member)
        self.series_arg = series_argument(series) if series is not None else None
        self.series: Series | None = None
        self.series_source = ""  # pinned, stored, learned or default
        self.requested: set[str] = set()  # canonical URLs
        self.requested_members: set[str] = set()  # member keys
        self.yielded_members: set[str] = set()
        self.discovery_started = False

    # -- start -----------------------------------------------------------------------------
    def start_urls_setting(self) -> list[str]:
        return [self.start_url] if self.start_url else self.settings.getlist("SERIES_START_URLS")

    def restore_state(self) -> None:
        """With -s JOBDIR, Scrapy pickles ``self.state`` between a stop and a resume; keeping
        the seen-sets and the series there means a resumed crawl neither re-yields nor
        re-requests."""
        state = getattr(self, "state", None)
        if state is None:
            return
        self.requested = state.setdefault("requested", self.requested)
        self.requested_members = state.setdefault("requested_members", self.requested_members)
        self.yielded_members = state.setdefault("yielded_members", self.yielded_members)
        if state.get("series") and self.series is None:
            self.use_series(series_named(state["series"]), state.get("series_source", "learned"))
        if self.yielded_members:
            self.logger.info("Resuming: %d members already crawled", len(self.yielded_members))

    def use_series(self, series: Series, source: str) -> None:
        self.series, self.series_source = series, source
        state = getattr(self, "state", None)
        if state is not None:
            state["series"], state["series_source"] = series.name, source
        self.logger.info("Series (%s): %s", source, series.name)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        pinned = self.series_arg or (self.settings.get("SERIES_NAME") or "").strip()
        if pinned:
            self.use_series(series_named(pinned), "pinned")
        self.restore_state()
        starts = self.start_urls_setting()
        self.host_policy = HostPolicy.build(starts, self.settings.getlist("SERIES_MIRRORS"))
        target = f" for {self.member}" if self.member else ""
        self.logger.info("Series crawl%s from %s", target, ", ".join(starts))
        stored = self.stored_request()
        if stored is not None:
            # The member is in the store: one request, unless that URL has gone.
            self.logger.info("Using the stored URL for %s: %s", self.member, stored.url)
            yield stored
            return
        for request in self.start_requests_for(starts):
            yield request

    def start_requests_for(self, starts: list[str]) -> Iterator[scrapy.Request]:
        for url in starts:
            self.requested.add(canonical(url))
            yield scrapy.Request(url, callback=self.parse, errback=self.on_error,
                                 meta=self.meta("start"), dont_filter=True)

    def meta(self, role: str, link_hint: str | None = None) -> dict[str, Any]:
        meta: dict[str, Any] = {"role": role}
        if self.series is not None and self.series_source != "default":
            meta["series"] = self.series.name
        if link_hint:
            meta["link_hint"] = link_hint
        return meta

    def article_store(self) -> ArticleStore | None:
        """The run's store (None when STORE_PATH is empty)."""
        pipeline = self.crawler.get_item_pipeline(StorePipeline)
        return pipeline.store if pipeline is not None else None

    def stored_request(self) -> scrapy.Request | None:
        store = self.article_store()
        if not self.member or store is None:
            return None
        pinned = self.series.name if self.series is not None else None
        url = store.url_for_member(pinned, self.member)
        if not url or not self.host_policy.allows(url):
            return None
        item = store.item_for_url(url) or {}
        if self.series is None and item.get("series"):
            self.use_series(series_named(item["series"]), "stored")
        # The stored title names the member even where the page prints none (人民网, e-paper).
        return scrapy.Request(url, callback=self.parse, errback=self.on_stored_error,
                              meta=self.meta("stored", item.get("title")), dont_filter=True)

    def on_stored_error(self, failure) -> Iterator[scrapy.Request]:
        self.logger.warning("The stored URL %s failed (%s); looking from the start page",
                            failure.request.url, failure.getErrorMessage())
        yield from self.start_requests_for(self.start_urls_setting())

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        if self.discovery_started:
            return
        self.discovery_started = True
        for url in self.settings.getlist("SERIES_DISCOVERY_URLS"):
            if not self.host_policy.allows(url):
                self.logger.warning("Discovery page %s is not on an allowed host; skipped", url)
                continue
            yield scrapy.Request(url, callback=self.parse_discovery, errback=self.on_discovery_error,
                                 meta=self.meta("discovery"), dont_filter=True)

    # -- the series --------------------------------------------------------------------------
    def learn_series(self, response: TextResponse, anchors: list[tuple[str, str]]) -> None:
        """The series of a start page: its own titles and link anchors, else the default."""
        h1 = response.css("h1")
        titles = [element_text(h1[0].root) if h1 else None,
                  response.xpath("//title/text()").get()]
        inferred = infer_series(titles, [text for _, text in anchors])
        if inferred is not None:
            if DEFAULT_SERIES.mentions(inferred.name):
                inferred = DEFAULT_SERIES
            self.use_series(inferred, "learned")
            return
        if any(DEFAULT_SERIES.parse_title(t) or DEFAULT_SERIES.mentions(t) for t in titles):
            self.use_series(DEFAULT_SERIES, "learned")
            return
        self.logger.warning(
            "The start page %s shows no series (no title and links of one series); crawling "
            "the default series (pin another with -a series= or SERIES_NAME)", response.url)
        self.use_series(DEFAULT_SERIES, "default")

    def anchors(self, response: TextResponse) -> list[tuple[str, str]]:
        limit = self.settings.getint("MAX_LINKS_PER_PAGE", MAX_LINKS_PER_PAGE)

        def capped(total: int, cap: int) -> None:
            self.crawler.stats.inc_value("series/links_capped")
            self.logger.warning("Page %s has %d links; only the first %d were looked at "
                                "(MAX_LINKS_PER_PAGE)", response.url, total, cap)

        return page_anchors(response.selector, limit, capped)

    # -- pages -----------------------------------------------------------------------------
    def unchanged(self, response: Response) -> dict[str, Any] | None:
        """The stored item of a page the server confirmed unchanged (304) whose stored article
        came from these very bytes; else None.

        Scrapy's HTTP cache marks a revalidated response "cached". Comparing page hashes, not
        just "is the URL stored", matters: a run killed after caching a changed page but
        before storing it must not make the next run skip that change.
        """
        store = self.article_store()
        if "cached" not in response.flags or store is None:
            return None
        if store.page_sha256_for(response.url) != hashlib.sha256(response.body).hexdigest():
            return None
        return store.item_for_url(response.url)

    def parse(self, response: Response):
        role = response.meta.get("role")
        anchors = self.anchors(response) if isinstance(response, TextResponse) else []
        if self.series is None and isinstance(response, TextResponse):
            self.learn_series(response, anchors)
        series = self.series or DEFAULT_SERIES
        key: str | None = None
        stored = self.unchanged(response)
        if stored is not None:
            self.crawler.stats.inc_value("incremental/unchanged")
            key = member_key(stored.get("member"), stored.get("province"))
            if key:
                self.yielded_members.add(key)
                if stored.get("series"):
                    self.outcome.member_done(stored["series"], key)
                    if role in ("start", "stored"):
                        self.outcome.expect_member(stored["series"], key)
        else:
            page = self.locate_page(response)
            if page is not None:
                if self.series_source != "default" or role not in ("start", "stored"):
                    page.series = series.name
                decision = page_member(page)
                key = member_key(decision.member, decision.province) if decision else None
                if key and role in ("start", "stored"):
                    self.outcome.expect_member(series.name, key)
                wanted = self.member is None or key == self.member
                if key and key in self.yielded_members:
                    self.logger.info("Skipping %s: %s was already crawled", response.url, key)
                elif wanted:
                    if key:
                        self.yielded_members.add(key)
                    yield page
        found = self.member is not None and self.member in self.yielded_members
        if role == "stored" and self.member is not None and not found:
            # The stored URL now holds another member (or none): look from the start page.
            self.logger.warning("The stored URL %s no longer holds %s; looking from the start "
                                "page", response.url, self.member)
            yield from self.start_requests_for(self.start_urls_setting())
            return
        if isinstance(response, TextResponse) and not found:
            yield from self.follow(response, anchors)
        if role == "start":
            if self.member is None:
                yield from self.discovery_requests()
            elif not self.requested_members and self.member not in self.yielded_members:
                # The start page does not list it: maybe it is newer; try the channel lists.
                yield from self.discovery_requests()

    def parse_discovery(self, response: Response):
        self.crawler.stats.inc_value("series/discovery_pages")
        if isinstance(response, TextResponse):
            yield from self.follow(response, self.anchors(response))

    def on_discovery_error(self, failure) -> None:
        self.crawler.stats.inc_value("series/discovery_failed")
        self.logger.warning("Discovery page %s failed: %s", failure.request.url,
                            failure.getErrorMessage())

    def follow(self, response: TextResponse,
               anchors: list[tuple[str, str]]) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        series = self.series or DEFAULT_SERIES
        for link in series_links(response.selector, response.url, series, anchors=anchors):
            stats.inc_value("series/links_seen")
            if not self.host_policy.allows(link.url):
                stats.inc_value("series/links_refused")
                self.logger.warning("Refusing series link to a host not allowed: %s", link.url)
                continue
            if self.member and link.key != self.member:
                continue
            self.outcome.expect_member(series.name, link.key)
            url_key = canonical(link.url)
            if url_key in self.requested or link.key in self.requested_members:
                continue
            if link.key in self.yielded_members:
                continue
            self.requested.add(url_key)
            self.requested_members.add(link.key)
            stats.inc_value("series/articles_requested")
            # dont_filter: self.requested already de-duplicates; Scrapy's filter would also
            # swallow the last hop of a redirect loop, so the page would vanish unreported.
            yield response.follow(link.url, callback=self.parse, errback=self.on_error,
                                  meta=self.meta("article", link.title), dont_filter=True)

    def closed(self, reason: str) -> None:
        if self.member and self.member not in self.yielded_members and not self.run_failures:
            self.fail_run(
                f"No article for {self.member} was found from the start page "
                "or the discovery pages."
            )
