"""The series crawl over the layout zoo: every zoo family serves the series on its own loopback
site; a crawl started from one of them follows the 新闻链接 across all of them, and every
series page it reaches must equal its hand-written gold (as ``tests/test_zoo.py`` checks the
single-page extraction). Pages the crawl reaches through a link get what the link says (the
series title on the anchor), as on the live sites."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.snapshot.server import SnapshotServer
from tests.support.gold import diff_report, field_diffs, page_of
from tests.support.harness import CrawlResult, run_crawl, snapshot_settings

ZOO = Path(__file__).resolve().parents[1] / "zoo"
START = ("zblog", "/post/123.html")  # lists 16 other members of the series


def _gold_of(url: str) -> Path:
    site, path = url.removeprefix("{{origin:").split("}}", 1)
    name = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    return ZOO / "gold" / site / f"{name}.json"


def _series_gold() -> list[Path]:
    """The start page and every page its 新闻链接 list (by its hand-written gold). The other
    renderings of one member (Part B's 宁夏 pages) are not linked: one member, one page."""
    start = ZOO / "gold" / START[0] / f"{START[1].lstrip('/')}.json"
    related = json.loads(start.read_text("utf-8"))["related"]
    return [start, *(_gold_of(r["url"]) for r in related)]


@pytest.fixture(scope="module")
def zoo_crawl(tmp_path_factory) -> Iterator[tuple[SnapshotServer, CrawlResult]]:
    tmp = tmp_path_factory.mktemp("zoo_crawl")
    with SnapshotServer(root=ZOO / "sites") as server:
        result = run_crawl("series", tmp, args={"start_url": server.url(*START)},
                           settings=snapshot_settings(server, START, SERIES_EXPECTED_SIZE=0),
                           timeout=240)
        yield server, result


def test_the_crawl_finishes(zoo_crawl):
    _, result = zoo_crawl
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("gold", [pytest.param(g, id="/".join(page_of(g, ZOO / "gold")))
                                  for g in _series_gold()])
def test_every_series_page_of_the_zoo_is_crawled_as_its_gold(zoo_crawl, gold):
    server, result = zoo_crawl
    expected = server.fill(json.loads(gold.read_text("utf-8")))
    got = {i["url"]: i for i in result.items}.get(expected["url"])
    assert got is not None, f"not crawled: {expected['url']}"
    diffs = field_diffs(expected, got)
    assert not diffs, diff_report(diffs)
