"""Locate the parts of a page: site-specific layouts first, the generic locator otherwise."""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.items import LocatedPage
from crawler.locate.generic import generic_locate
from crawler.locate.layouts import LAYOUTS, site_locate
from crawler.locate.sanitize import prepare


def locate(response: TextResponse) -> LocatedPage | None:
    """The page's parts, or None when no body can be found at all.

    In a crawl, ``SanitizeMiddleware`` has prepared the response (markup the parser would cut
    short repaired, the tree sanitized). A response that comes another way (tests, benchmarks)
    is prepared here the same way (see ``prepare``: a new, prepared response; the one given is
    left as it is).
    """
    response = prepare(response)  # a no-op on a prepared response
    return site_locate(response) or generic_locate(response)


__all__ = ["LAYOUTS", "locate", "generic_locate", "site_locate"]
