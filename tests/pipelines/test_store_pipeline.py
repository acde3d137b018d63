"""StorePipeline: in-process on real SQLite files, and inside real ``scrapy crawl`` runs."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from crawler.outcome import RunOutcome
from crawler.pipelines.store import StorePipeline, StoreUnavailable
from crawler.snapshot.server import Reply, Request, SnapshotServer
from crawler.spiders.series import SeriesSpider
from crawler.store import ArticleStore
from tests.support.harness import ROOT, run_crawl, snapshot_settings


def article(province: str, text: str = "正文。") -> dict[str, Any]:
    return {
        "url": f"https://www.workercn.cn/c/2025-04-18/{province}.shtml", "canonical_url": None,
        "site": "www.workercn.cn", "article_id": None, "series": SERIES,
        "member": f"{province}工会", "province": province,
        "title": f"{SERIES}丨{province}工会：标题", "headline": "标题", "authors": [],
        "published_at": "2025-04-18T07:11:00+08:00", "text": text,
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "crawled_at": "2025-05-01T00:00:00+00:00",
    }


def make_crawler(tmp_path: Path, **settings: Any):
    settings = {"STORE_PATH": str(tmp_path / "a.sqlite3"),
                "EXPORT_PATH": str(tmp_path / "a.jsonl"),
                "EXTENSIONS": {RunOutcome: 500}, **settings}
    crawler = get_crawler(SeriesSpider, settings)
    crawler.spider = SeriesSpider.from_crawler(crawler)
    return crawler


def test_counts_members_and_export(tmp_path: Path):
    with ArticleStore(tmp_path / "a.sqlite3") as store:
        store.upsert(article("甘肃"))
    crawler = make_crawler(tmp_path)
    pipeline = StorePipeline.from_crawler(crawler)
    assert pipeline.store is not None
    outcome = RunOutcome.of(crawler)
    assert outcome.stored_before == {SERIES: {"甘肃"}}
    pipeline.open_spider()
    for item in (article("宁夏"), article("青海"), article("宁夏"), article("青海", "新")):
        assert pipeline.process_item(item) is item
    pipeline.process_item({"not": "an article"})
    pipeline.close_spider()
    assert pipeline.store is None
    stats = crawler.stats
    assert (stats.get_value("store/new"), stats.get_value("store/changed"),
            stats.get_value("store/unchanged")) == (2, 1, 1)
    assert outcome.done == {SERIES: {"宁夏", "青海"}}
    assert outcome.stored(SERIES) == {"甘肃", "宁夏", "青海"}
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["province"] for line in lines) == ["宁夏", "甘肃", "青海"]
    ArticleStore(tmp_path / "a.sqlite3").close()  # the pipeline released the lock


def test_export_of_one_series(tmp_path: Path):
    crawler = make_crawler(tmp_path, EXPORT_SERIES="另一个系列")
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.process_item(article("宁夏"))
    pipeline.process_item({**article("青海"), "series": "另一个系列"})
    pipeline.close_spider()
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["province"] for line in lines] == ["青海"]


def test_empty_store_path_disables_the_pipeline(tmp_path: Path):
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(make_crawler(tmp_path, STORE_PATH=""))


def test_unusable_store_stops_the_crawl_at_engine_creation(tmp_path: Path):
    (tmp_path / "a.sqlite3").write_bytes(b"garbage" * 100)
    crawler = make_crawler(tmp_path)
    with pytest.raises(StoreUnavailable):
        StorePipeline.from_crawler(crawler)
    failures = RunOutcome.of(crawler).failures
    assert len(failures) == 1 and "not a readable article store" in failures[0]
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
    assert f"missing members of {SERIES}: 新疆" in result.stderr


def test_crawl_with_corrupt_store_fails_with_one_sentence(site, tmp_path: Path):
    store = tmp_path / "articles.sqlite3"
    store.write_bytes(b"garbage" * 100)
    result = run_crawl("series", tmp_path, settings=snapshot_settings(site))
    assert result.returncode == 1
    assert result.stderr.rstrip().splitlines()[-1] == (
        f"Error: {store} is not a readable article store (file is not a database); move it "
        "aside or delete it, and run the crawl again to rebuild it."
    )
    assert "Traceback" not in result.stderr
    assert "Spider opened" not in result.stderr  # stopped before anything opened
    assert not result.feed.exists()
    assert store.read_bytes() == b"garbage" * 100


def test_second_crawl_while_the_lock_is_held_is_refused(site, tmp_path: Path):
    store = tmp_path / "articles.sqlite3"
    fd = os.open(f"{store}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    before = len(site.requests_for())
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"4242\n")
        result = run_crawl("series", tmp_path, settings=snapshot_settings(site))
    finally:
        os.close(fd)
    assert len(site.requests_for()) == before  # not one request
    assert result.returncode == 1
    assert result.stderr.rstrip().splitlines()[-1] == (
        f"Error: Another crawl is using {store} (lock held by pid 4242); wait for it to finish."
    )
    assert "Traceback" not in result.stderr
    assert not result.feed.exists() and not (tmp_path / "articles.jsonl").exists()


def slow(server: SnapshotServer, delay: float) -> None:
    """Answer every page of every site after ``delay`` seconds (robots.txt at once)."""
    def handler(request: Request) -> Reply:
        found = server.resolve(request.site, request.path)
        if found is None:
            return Reply(404, b"not found", {"Content-Type": "text/html"})
        body, headers, _ = found
        return Reply(200, body, headers, delay=0 if request.path == "/robots.txt" else delay)
    for name in server.sites:
        server.route(name, "/", handler, prefix=True)


def test_locked_out_crawl_leaves_the_running_crawls_feed_alone(tmp_path: Path):
    """Both crawls write -O to the same file; the second is locked out. The first's feed must
    stay valid JSON lines (no NUL bytes from a truncation under its feet)."""
    feed = tmp_path / "feed.jsonl"
    with SnapshotServer() as server:
        slow(server, 0.12)
        settings = snapshot_settings(server, CONCURRENT_REQUESTS=1,
                                     STORE_PATH=tmp_path / "articles.sqlite3",
                                     EXPORT_PATH=tmp_path / "articles.jsonl",
                                     HTTPCACHE_DIR=tmp_path / "cache")
        cmd = [sys.executable, "-m", "scrapy", "crawl", "series", "-O", str(feed)]
        for key, value in settings.items():
            cmd += ["-s", f"{key}={value}"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        winner = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and winner.poll() is None:
                pages = [h for h in server.requests_for() if h.path != "/robots.txt"]
                if feed.exists() and feed.stat().st_size > 0 and len(pages) >= 12:
                    break
                time.sleep(0.05)
            assert winner.poll() is None, "the first crawl ended before the second started"
            assert feed.stat().st_size > 0
            loser = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                                   timeout=60, check=False)
            assert winner.poll() is None, "the second crawl must run while the first does"
            _, winner_err = winner.communicate(timeout=120)
        finally:
            winner.kill()
            winner.wait()
    assert loser.returncode == 1, loser.stderr[-3000:]
    assert loser.stderr.rstrip().splitlines()[-1] == (
        f"Error: Another crawl is using {tmp_path / 'articles.sqlite3'} (lock held by pid "
        f"{winner.pid}); wait for it to finish."
    )
    assert "Traceback" not in loser.stderr
    assert winner.returncode == 0, winner_err[-3000:]
    raw = feed.read_bytes()
    assert b"\0" not in raw
    items = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    provinces = Counter(i["province"] for i in items)
    assert len(provinces) == 30 and set(provinces.values()) == {1}


def _damage(store: Path, province: str) -> None:
    conn = sqlite3.connect(store)
    conn.execute("UPDATE articles SET item_json = '{\"url\": ' WHERE province = ?", (province,))
    conn.commit()
    conn.close()


def test_damaged_row_is_repaired_by_the_next_crawl(site, tmp_path: Path):
    settings = snapshot_settings(site, STORE_PATH=tmp_path / "store.sqlite3",
                                 EXPORT_PATH=tmp_path / "export.jsonl",
                                 HTTPCACHE_DIR=tmp_path / "cache")
    assert run_crawl("series", tmp_path / "r1", settings=settings).returncode == 0
    _damage(tmp_path / "store.sqlite3", "青海")
    second = run_crawl("series", tmp_path / "r2", settings=settings)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Traceback" not in second.stderr
    assert "青海" in {i["province"] for i in second.items}  # re-extracted despite the 304
    with ArticleStore(tmp_path / "store.sqlite3") as store:
        assert store.damaged() == []
    exported = [json.loads(x) for x in (tmp_path / "export.jsonl").read_text().splitlines()]
    assert len(exported) == 30 and "青海" in {i["province"] for i in exported}


def test_damaged_row_not_reached_fails_the_run_and_keeps_the_export(site, tmp_path: Path):
    settings = snapshot_settings(site, STORE_PATH=tmp_path / "store.sqlite3",
                                 EXPORT_PATH=tmp_path / "export.jsonl",
                                 HTTPCACHE_DIR=tmp_path / "cache")
    first = run_crawl("series", tmp_path / "r1", settings=settings)
    assert first.returncode == 0
    qinghai = next(i["url"] for i in first.items if i["province"] == "青海")
    export_before = (tmp_path / "export.jsonl").read_bytes()
    _damage(tmp_path / "store.sqlite3", "青海")
    ningxia = next(i["url"] for i in first.items if i["province"] == "宁夏")
    second = run_crawl("article", tmp_path / "r2", args={"url": ningxia}, settings=settings)
    assert second.returncode == 1, second.stderr[-3000:]
    assert "Traceback" not in second.stderr
    errors = [x for x in second.stderr.splitlines() if x.startswith("Error:")]
    assert len(errors) == 1 and "damaged" in errors[0] and qinghai in errors[0], errors
    assert (tmp_path / "export.jsonl").read_bytes() == export_before
