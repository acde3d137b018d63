"""``scrapy crawl article -a url=URL``: one page of any layout, one item."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy

from crawler.links import HostPolicy
from crawler.spiders.base import BaseSpider, check_url


class ArticleSpider(BaseSpider):
    name = "article"
    arguments = ("url", "explain")
    start_noun = "page"

    @classmethod
    def check_arguments(cls, kwargs: dict[str, Any]) -> None:
        super().check_arguments(kwargs)
        check_url(kwargs.get("url"), "url")

    def __init__(self, url: str | None = None, explain: str | None = None, **kwargs: Any) -> None:
        super().__init__(url=url, **kwargs)
        self.url = check_url(url, "url")
        # -a explain=1: print every piece of header evidence and the choice per field.
        self.explain = (explain or "").lower() in ("1", "true", "yes")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # The page's own host, and wherever the known mirrors redirect it.
        self.host_policy = HostPolicy.build([self.url], self.settings.getlist("SERIES_MIRRORS"))
        yield scrapy.Request(self.url, callback=self.parse, errback=self.on_error,
                             meta={"role": "start"}, dont_filter=True)

    def parse(self, response):
        page = self.locate_page(response)
        if page is None:
            self.fail_run(f"No article could be extracted from {response.url}.")
            return
        yield page
