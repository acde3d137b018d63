"""Links a reader cannot see are never followed, on every page the crawl reads (real crawls).

Article pages are sanitized by the locator before their links are read; discovery pages and
pages answered 304 (unchanged since the last run) are read without it unless every response
is sanitized once, in the downloader (crawler.middlewares.SanitizeMiddleware). Each page here
carries series-titled links to the allowed host that sit in a ``display:none`` element, in
``<template>``, ``<noscript>`` and ``<script>``: the server must receive no request for them.
"""

from __future__ import annotations

import re

import pytest

from crawler.snapshot.server import Reply
from tests.support.faults import HTML_UTF8, FaultServer, Page, series_title
from tests.support.harness import run_crawl

FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 5,
    "RETRY_BACKOFF_BASE": 0.05,
    "LOG_LEVEL": "INFO",
}


def hidden_links(srv: FaultServer, tag: str) -> str:
    """Markup with one hidden series link per hiding place, all to /hidden/<tag>-*.shtml."""
    def a(kind: str, province: str) -> str:
        return (f'<a href="{srv.url(f"/hidden/{tag}-{kind}.shtml")}">'
                f"{series_title(province, f'隐藏链接{kind}')}</a>")

    # One province per link and page: the spider requests each province once.
    p = PROVINCES[tag]
    return (f'<div style="display:none"><p>{a("display", p[0])}</p></div>'
            f'<p style="DISPLAY: NONE">{a("upper", p[1])}</p>'
            f'<template><p>{a("template", p[2])}</p></template>'
            f'<noscript><p>{a("noscript", p[3])}</p></noscript>'
            f'<script>document.write(\'{a("script", p[4])}\')</script>'
            f'<p hidden>{a("attr", p[5])}</p>')


PROVINCES = {"start": ["海南", "四川", "贵州", "云南", "西藏", "陕西"],
             "list": ["甘肃", "青海", "新疆", "广西", "湖北", "湖南"]}


def article(province: str, headline: str, links=(), extra: str = "") -> Page:
    return Page(province, headline, [f"{province}各级工会团结动员广大职工建功新时代。"],
                list(links), extra_body=extra)


def conditional(page: Page):
    body = page.html().encode("utf-8")
    return lambda request: Reply(200, body, HTML_UTF8, conditional=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sanitize")
    with FaultServer() as srv:
        visible = [(srv.url("/c/2025-04-10/9001.shtml"), series_title("北京", "可见的文章")),
                   (srv.url("/c/2025-04-10/9002.shtml"), series_title("天津", "列表上的文章"))]
        start = article("宁夏", "起始页", visible[:1], hidden_links(srv, "start"))
        srv.server.route("fault", "/c/2025-04-10/9000.shtml", conditional(start))
        srv.server.route("fault", "/c/2025-04-10/9001.shtml",
                         conditional(article("北京", "可见的文章")))
        srv.server.route("fault", "/c/2025-04-10/9002.shtml",
                         conditional(article("天津", "列表上的文章")))
        listing = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>全总</title></head>'
                   f'<body><ul><li><a href="{visible[1][0]}">{visible[1][1]}</a></li></ul>'
                   f"{hidden_links(srv, 'list')}</body></html>").encode()
        srv.server.route("fault", "/quanzong/",
                         lambda request: Reply(200, listing, HTML_UTF8, conditional=True))
        settings = {**FAST, "SERIES_MIRRORS": srv.netloc, "SERIES_EXPECTED_SIZE": 3,
                    "SERIES_DISCOVERY_URLS": srv.url("/quanzong/")}
        args = {"start_url": srv.url("/c/2025-04-10/9000.shtml")}
        first = run_crawl("series", tmp, args=args, settings=settings, timeout=60)
        mark = len(srv.requests())
        # Same store and HTTP cache: every page is revalidated and answered 304.
        second = run_crawl("series", tmp, args=args, settings=settings, timeout=60)
        yield srv, first, second, mark


def test_both_runs_succeed(runs):
    srv, first, second, mark = runs
    assert first.returncode == 0, first.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    assert {i["province"] for i in first.items} == {"宁夏", "北京", "天津"}
    # The second run really read the start page from a 304 (the unchanged branch).
    start = [h.status for h in srv.requests("/c/2025-04-10/9000.shtml")[1:]]
    assert start == [304], start
    # … and the spider took its unchanged branch (follow the links, do not re-extract).
    assert re.search(r"Run summary \(series\): 0 items, 3 pages unchanged", second.stderr), (
        re.findall(r"Run summary.*", second.stderr))


def test_hidden_links_are_never_requested(runs):
    srv, first, second, mark = runs
    hidden = [h.path for h in srv.requests() if h.path.startswith("/hidden/")]
    assert hidden == [], hidden
    assert srv.requests("/quanzong/"), "the discovery page was not read"
