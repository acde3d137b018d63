"""Locate the parts of a page: site-specific layouts first, the generic locator otherwise."""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.items import LocatedPage
from crawler.locate.generic import generic_locate
from crawler.locate.layouts import LAYOUTS, site_locate
from crawler.locate.sanitize import sanitize


def locate(response: TextResponse) -> LocatedPage | None:
    """The page's parts, or None when no body can be found at all.

    The response's parsed tree is sanitized in place first (see ``sanitize``): later readers
    of ``response.selector`` see the page as a reader does, without scripts or hidden parts.
    """
    sanitize(response.selector.root)
    return site_locate(response) or generic_locate(response)


__all__ = ["LAYOUTS", "locate", "generic_locate", "site_locate"]
