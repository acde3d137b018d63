"""Locate the parts of a page: site-specific layouts first, the generic locator otherwise."""

from __future__ import annotations

from scrapy.http import TextResponse

from crawler.items import LocatedPage
from crawler.locate.generic import generic_locate
from crawler.locate.layouts import LAYOUTS, site_locate


def locate(response: TextResponse) -> LocatedPage | None:
    """The page's parts, or None when no body can be found at all."""
    return site_locate(response) or generic_locate(response)


__all__ = ["LAYOUTS", "locate", "generic_locate", "site_locate"]
