"""StorePipeline: in-process on real SQLite files, and inside real ``scrapy crawl`` runs."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import ROOT, run_crawl, snapshot_settings
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.test import get_crawler

from crawler.items import Article
from crawler.pipelines.store import EXPECTED_PROVINCES, StorePipeline
from crawler.snapshot.server import SnapshotServer
from crawler.spiders.article import ArticleSpider
from crawler.spiders.series import SeriesSpider
from crawler.store import ArticleStore

SERIES = "永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼"


def article(province: str, text: str = "正文。") -> Article:
    return Article(
        url=f"https://www.workercn.cn/c/2025-04-18/{province}.shtml", canonical_url=None,
        site="www.workercn.cn", article_id=None, series=SERIES, province=province,
        title=f"{SERIES}丨{province}工会：标题", headline="标题", kicker=None, subtitle=None,
        authors=[], byline=None, published_at="2025-04-18T07:11:00+08:00", source=None,
        summary=None, sections=[], text=text, related=[], images=[],
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        crawled_at="2025-05-01T00:00:00+00:00",
    )


def make_pipeline(tmp_path: Path, spidercls: type = SeriesSpider, spider_args: dict | None = None,
                  **settings: Any) -> tuple[StorePipeline, Any]:
    settings = {"STORE_PATH": str(tmp_path / "a.sqlite3"),
                "EXPORT_PATH": str(tmp_path / "a.jsonl"), **settings}
    crawler = get_crawler(spidercls, settings)
    crawler.spider = spidercls.from_crawler(crawler, **(spider_args or {}))
    return StorePipeline.from_crawler(crawler), crawler


def test_counts_summary_and_export(tmp_path: Path):
    pipeline, crawler = make_pipeline(tmp_path)
    asyncio.run(pipeline.open_spider())
    for item in (article("宁夏"), article("青海"), article("宁夏"), article("青海", "新")):
        assert pipeline.process_item(item) is item
    pipeline.process_item({"not": "an article"})
    pipeline.close_spider()
    stats = crawler.stats
    assert (stats.get_value("store/new"), stats.get_value("store/changed"),
            stats.get_value("store/unchanged")) == (2, 1, 1)
    summary = stats.get_value("store/summary")
    assert {k: summary[k] for k in ("new", "changed", "unchanged", "failed")} == \
        {"new": 2, "changed": 1, "unchanged": 1, "failed": 0}
    assert "宁夏" not in summary["missing"] and "新疆生产建设兵团" not in summary["missing"]
    assert len(summary["missing"]) == len(EXPECTED_PROVINCES) - 2 == 29
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["province"] for line in lines) == ["宁夏", "青海"]
    ArticleStore(tmp_path / "a.sqlite3").close()  # the pipeline released the lock


def test_missing_is_only_for_the_series_spider(tmp_path: Path):
    pipeline, crawler = make_pipeline(tmp_path, ArticleSpider,
                                      {"url": "https://www.workercn.cn/c/1.shtml"})
    asyncio.run(pipeline.open_spider())
    pipeline.close_spider()
    assert crawler.stats.get_value("store/summary")["missing"] == []


def test_empty_store_path_disables_the_pipeline(tmp_path: Path):
    with pytest.raises(NotConfigured):
        make_pipeline(tmp_path, STORE_PATH="")


def test_unusable_store_closes_the_spider_with_a_sentence(tmp_path: Path):
    (tmp_path / "a.sqlite3").write_bytes(b"garbage" * 100)
    pipeline, crawler = make_pipeline(tmp_path)
    with pytest.raises(CloseSpider) as err:
        asyncio.run(pipeline.open_spider())
    assert err.value.reason == "store_unavailable"
    assert len(crawler.spider.run_failures) == 1
    assert "not a readable article store" in crawler.spider.run_failures[0]
    pipeline.close_spider()  # nothing to export, nothing raised
    assert not (tmp_path / "a.jsonl").exists()


# -- real crawls -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site() -> Iterator[SnapshotServer]:
    """A server of our own: other tests count the hits on the session-wide ``snapshot``."""
    with SnapshotServer() as server:
        yield server


def test_crawl_stores_and_exports_in_publication_order(site, tmp_path: Path):
    result = run_crawl("series", tmp_path, settings=snapshot_settings(site))
    assert result.returncode == 0, result.stderr[-3000:]
    export = tmp_path / "articles.jsonl"
    assert f"Exported 30 stored articles to {export}" in result.stderr
    rows = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 30
    assert {r["province"] for r in rows} == {i["province"] for i in result.items}
    dates = [r["published_at"] for r in rows]
    assert dates == sorted(dates)  # all +08:00 on these sites
    assert "30 new, 0 changed, 0 unchanged" in result.stderr
    assert "missing provinces: 新疆" in result.stderr


def test_crawl_with_corrupt_store_fails_with_one_sentence(site, tmp_path: Path):
    store = tmp_path / "articles.sqlite3"
    store.write_bytes(b"garbage" * 100)
    result = run_crawl("series", tmp_path, settings=snapshot_settings(site))
    assert result.returncode == 1
    assert result.stderr.rstrip().splitlines()[-1] == (
        f"Error: {store} is not a readable article store (file is not a database); move it "
        "aside or delete it, and run the crawl again to rebuild it."
    )
    assert "Traceback" not in result.stderr and "Closing spider (store_unavailable)" in \
        result.stderr
    assert store.read_bytes() == b"garbage" * 100


def test_second_crawl_while_one_runs_is_refused(site, tmp_path: Path):
    store = tmp_path / "articles.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from crawler.store import ArticleStore
            store = ArticleStore({str(store)!r})
            print("ready", flush=True)
            time.sleep(60)
        """)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = run_crawl("series", tmp_path, settings=snapshot_settings(site))
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert result.stderr.rstrip().splitlines()[-1] == (
        f"Error: Another crawl is using {store} (lock held by pid {holder.pid}); "
        "wait for it to finish."
    )
    assert not (tmp_path / "articles.jsonl").exists()
