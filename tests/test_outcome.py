"""RunOutcome: the one verdict. Its checks in-process on a real crawler's stats and signals, and
exit codes of real ``scrapy crawl`` runs stopped by real signals."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from crawler.outcome import RunOutcome
from crawler.snapshot.server import Reply, Request, SnapshotServer
from crawler.spiders.article import ArticleSpider
from crawler.spiders.series import SeriesSpider
from tests.support.harness import ROOT, START_PATH, run_crawl, snapshot_settings


def outcome_for(spidercls=SeriesSpider, spider_args=None, **settings) -> tuple[RunOutcome, object]:
    crawler = get_crawler(spidercls, {"EXTENSIONS": {RunOutcome: 500},
                                      "HEALTH_MIN_COVERAGE": 0.9, **settings})
    crawler.spider = spidercls.from_crawler(crawler, **(spider_args or {}))
    crawler.stats.open_spider()
    return RunOutcome.of(crawler), crawler


def scraped(crawler, n: int, **missing: int) -> None:
    crawler.stats.set_value("item_scraped_count", n)
    crawler.stats.set_value("validate/ok", n)
    for name, count in missing.items():
        crawler.stats.set_value(f"validate/missing/{name}", count)


def test_a_good_run_has_no_failures():
    outcome, crawler = outcome_for()
    outcome.members_stored_before({})
    for member in ("宁夏", "青海"):
        outcome.expect_member(SERIES, member)
        outcome.member_done(SERIES, member)
    scraped(crawler, 2)
    outcome.spider_closed(crawler.spider, "finished")
    assert outcome.failures == [] and outcome.exit_code == 0
    assert outcome.close_reason == "finished"


def test_members_named_by_links_must_all_be_done_in_this_run():
    outcome, crawler = outcome_for()
    # Already stored from an earlier run does not count: this run reached 2 of 4.
    outcome.members_stored_before({SERIES: ["甘肃", "青海"]})
    for member in ("宁夏", "北京", "甘肃", "青海"):
        outcome.expect_member(SERIES, member)
    outcome.member_done(SERIES, "宁夏")
    outcome.member_done(SERIES, "北京")
    scraped(crawler, 2)
    outcome.spider_closed(crawler.spider, "finished")
    assert outcome.failures == [
        "Only 2 of the 4 series members named by the links were stored in this run "
        "(missing: 甘肃、青海)."
    ]
    assert outcome.exit_code == 1


def test_floor_counts_this_run_and_the_store():
    outcome, crawler = outcome_for(SERIES_MIN_MEMBERS={SERIES: 3})
    outcome.members_stored_before({SERIES: ["甘肃"]})
    outcome.member_done(SERIES, "宁夏")
    scraped(crawler, 1)
    outcome.spider_closed(crawler.spider, "finished")
    assert len(outcome.failures) == 1
    assert outcome.failures[0].startswith("Only 2 of the 3 expected series articles are stored")
    ok, crawler = outcome_for(SERIES_MIN_MEMBERS={SERIES: 2})
    ok.members_stored_before({SERIES: ["甘肃"]})
    ok.member_done(SERIES, "宁夏")
    scraped(crawler, 1)
    ok.spider_closed(crawler.spider, "finished")
    assert ok.failures == []


def test_expected_size_is_the_default_series_floor():
    outcome, crawler = outcome_for(SERIES_MIN_MEMBERS={SERIES: 2}, SERIES_EXPECTED_SIZE="5")
    assert outcome.floors == {SERIES: 5}


def test_one_member_runs_and_the_article_spider_skip_member_checks():
    outcome, crawler = outcome_for(spider_args={"province": "宁夏"},
                                   SERIES_MIN_MEMBERS={SERIES: 31})
    outcome.members_stored_before({})
    outcome.expect_member(SERIES, "青海")
    outcome.member_done(SERIES, "宁夏")
    scraped(crawler, 1)
    outcome.spider_closed(crawler.spider, "finished")
    assert outcome.failures == []
    outcome, crawler = outcome_for(ArticleSpider, {"url": "https://www.workercn.cn/c/1.shtml"},
                                   SERIES_MIN_MEMBERS={SERIES: 31})
    scraped(crawler, 1)
    outcome.spider_closed(crawler.spider, "finished")
    assert outcome.failures == []


@pytest.mark.parametrize(("reason", "stats", "needle"), [
    ("shutdown", {"item_scraped_count": 3, "validate/ok": 3}, "stopped early (shutdown)"),
    ("closespider_itemcount", {"item_scraped_count": 3, "validate/ok": 3}, "stopped early"),
    ("finished", {"item_scraped_count": 3, "validate/ok": 2, "validate/dropped": 1},
     "1 item(s) failed validation"),
    ("finished", {}, "The crawl produced no articles."),
    ("finished", {"item_scraped_count": 10, "validate/ok": 10, "validate/missing/authors": 2},
     "Only 8 of 10 articles have authors (HEALTH_MIN_COVERAGE is 90%)."),
])
def test_run_checks(reason, stats, needle):
    outcome, crawler = outcome_for(ArticleSpider, {"url": "https://www.workercn.cn/c/1.shtml"})
    for key, value in stats.items():
        crawler.stats.set_value(key, value)
    outcome.spider_closed(crawler.spider, reason)
    assert len(outcome.failures) == 1 and needle in outcome.failures[0], outcome.failures


def test_fail_is_deduplicated_and_page_failures_alone_fail_nothing():
    outcome, crawler = outcome_for(ArticleSpider, {"url": "https://www.workercn.cn/c/1.shtml"})
    outcome.fail("The start page could not be fetched.")
    outcome.fail("The start page could not be fetched.")
    assert outcome.failures == ["The start page could not be fetched."]
    other, crawler = outcome_for(ArticleSpider, {"url": "https://www.workercn.cn/c/1.shtml"})
    other.page_failed("https://www.workercn.cn/c/2.shtml", "HTTP 404")
    other.page_failed("https://www.workercn.cn/c/2.shtml", "HTTP 404")
    scraped(crawler, 1)
    other.spider_closed(crawler.spider, "finished")
    assert other.failures == [] and len(other.failed_pages) == 1
    assert crawler.stats.get_value("outcome/failed_pages") == 1


def test_unreachable_start_page_is_a_plain_sentence(tmp_path):
    settings = {"SERIES_START_URLS": "http://127.0.0.1:9/c/2025-04-10/1.shtml",
                "SERIES_MIRRORS": "127.0.0.1:9", "SERIES_DISCOVERY_URLS": "",
                "RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 2}
    result = run_crawl("series", tmp_path, settings=settings, timeout=60)
    assert result.returncode == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert errors == ["Error: The start page http://127.0.0.1:9/c/2025-04-10/1.shtml could not "
                      "be fetched (connection refused)."], errors
    assert not re.search(r"\b\w+(Error|Exception)\b", errors[0])


# -- real signals ------------------------------------------------------------------------------
def slow_site(server: SnapshotServer, delay: float) -> None:
    def handler(request: Request) -> Reply:
        found = server.resolve(request.site, request.path)
        if found is None:
            return Reply(404, b"not found", {"Content-Type": "text/html"})
        body, headers, _ = found
        return Reply(200, body, headers, delay=0 if request.path == "/robots.txt" else delay)
    for name in server.sites:
        server.route(name, "/", handler, prefix=True)


@pytest.mark.parametrize("signals", [
    (signal.SIGINT, signal.SIGINT), (signal.SIGTERM, signal.SIGTERM), (signal.SIGTERM,),
], ids=["double-ctrl-c", "double-sigterm", "sigterm"])
def test_a_signalled_crawl_never_exits_0(tmp_path: Path, signals):
    with SnapshotServer() as server:
        slow_site(server, 3.0)
        settings = snapshot_settings(server, STORE_PATH=tmp_path / "store.sqlite3",
                                     EXPORT_PATH=tmp_path / "export.jsonl",
                                     HTTPCACHE_DIR=tmp_path / "cache")
        cmd = [sys.executable, "-m", "scrapy", "crawl", "series"]
        for key, value in settings.items():
            cmd += ["-s", f"{key}={value}"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            # Mid-crawl: the start page has been asked for (and is being answered slowly).
            while time.monotonic() < deadline and proc.poll() is None:
                if any(h.path == START_PATH[1] for h in server.requests_for()):
                    break
                time.sleep(0.02)
            time.sleep(0.3)
            for n, signum in enumerate(signals):
                assert proc.poll() is None, f"the crawl was not running at signal {n + 1}"
                proc.send_signal(signum)
                time.sleep(0.3)
            _, stderr = proc.communicate(timeout=60)
        finally:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1, stderr[-3000:]
    errors = [x for x in stderr.splitlines() if x.startswith("Error:")]
    assert len(errors) == 1, stderr[-3000:]
    assert "stopped early (shutdown)" in errors[0] or "forced to stop" in errors[0], errors
