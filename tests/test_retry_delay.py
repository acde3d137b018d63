"""A retry that waits for its backoff holds no download slot (real crawl, loopback server).

Page A answers 503 twice, then the page; B..F answer at once. With one request at a time (per
site and in total), the pages B..F must be fetched while A's retry waits, not after: every
one of them reaches the server before A's backoff has elapsed, as the server's own request
log shows.
"""

from __future__ import annotations

import pytest

from tests.support.faults import FaultServer, Page, series_title
from tests.support.harness import run_crawl

BACKOFF = 1.5  # RETRY_BACKOFF_BASE: retry n waits BACKOFF * 2**(n-1) s
A = ("/c/2025-04-10/8001.shtml", "北京", "先失败两次的文章")
OTHERS = [
    ("/c/2025-04-10/8002.shtml", "天津", "立即返回的文章一"),
    ("/c/2025-04-10/8003.shtml", "河北", "立即返回的文章二"),
    ("/c/2025-04-10/8004.shtml", "山西", "立即返回的文章三"),
    ("/c/2025-04-10/8005.shtml", "辽宁", "立即返回的文章四"),
    ("/c/2025-04-10/8006.shtml", "吉林", "立即返回的文章五"),
]


def page(province: str, headline: str, links=()) -> Page:
    return Page(province, headline, [f"{province}各级工会团结动员广大职工建功新时代。"],
                list(links))


@pytest.fixture(scope="module")
def retry_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("retry")
    with FaultServer() as srv:
        # A is the page's last link: the scheduler's LIFO queue requests it first.
        links = [(srv.url(p), series_title(prov, head)) for p, prov, head in OTHERS + [A]]
        srv.route("/c/2025-04-10/8000.shtml", "ok", page("宁夏", "起始页", links))
        srv.route(A[0], "status:503:then-ok-after:2", page(A[1], A[2]))
        for path, prov, head in OTHERS:
            srv.route(path, "ok", page(prov, head))
        result = run_crawl(
            "series", tmp, args={"start_url": srv.url("/c/2025-04-10/8000.shtml")},
            settings={
                "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "SERIES_DISCOVERY_URLS": "",
                "CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                "RETRY_BACKOFF_BASE": BACKOFF, "SERIES_MIRRORS": srv.netloc,
                "SERIES_EXPECTED_SIZE": len(OTHERS) + 2,
            },
            timeout=90,
        )
        yield srv, result


def test_crawl_completes_with_every_page(retry_run):
    _, result = retry_run
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.by_province()) == len(OTHERS) + 2


def test_retry_waited_its_backoff(retry_run):
    srv, _ = retry_run
    hits = srv.requests(A[0])
    assert [h.status for h in hits] == [503, 503, 200]
    assert hits[1].time - hits[0].time >= BACKOFF * 0.9
    assert hits[2].time - hits[1].time >= 2 * BACKOFF * 0.9


def test_other_pages_are_fetched_while_the_retry_waits(retry_run):
    srv, _ = retry_run
    a_hits = srv.requests(A[0])
    others = [srv.requests(path) for path, _, _ in OTHERS]
    assert all(len(h) == 1 for h in others), others
    first_failure = a_hits[0].time
    # The premise: A failed before the others were fetched, so they could have waited on it.
    assert all(h[0].time > first_failure for h in others), (first_failure, others)
    # None of them waited for A's backoff: all reached the server before A's first retry,
    # and before the backoff after A's failure had elapsed.
    retry = a_hits[1].time
    late = [(path, round(h[0].time - first_failure, 3))
            for (path, _, _), h in zip(OTHERS, others, strict=True)
            if not h[0].time < min(retry, first_failure + BACKOFF)]
    assert not late, f"fetched only after A's backoff (s after A failed): {late}"
