"""Bad input from the user: a plain one-sentence error, exit code 2 (arguments) or 1 (a store or
export that cannot be used), never a traceback, and nothing the user owns is changed.
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
from pathlib import Path

import pytest

from tests.support.faults import FaultServer, Page
from tests.support.harness import CrawlResult, run_crawl

FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_TIMEOUT": 2,
        "RETRY_BACKOFF_BASE": 0.05, "SERIES_DISCOVERY_URLS": ""}
# Should an argument slip through, the crawl must not leave loopback: nothing listens here.
NOWHERE = {**FAST, "SERIES_START_URLS": "http://127.0.0.1:9/c/2025-04-10/1.shtml",
           "SERIES_MIRRORS": "127.0.0.1:9", "RETRY_ENABLED": False}


def error_lines(result: CrawlResult) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def assert_plain_error(result: CrawlResult, code: int, *needles: str, items: bool = False) -> str:
    assert result.returncode == code, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = error_lines(result)
    assert len(errors) == 1, errors
    sentence = errors[0]
    # One sentence: ends with a full stop and has no line breaks (it is one line already).
    assert sentence.endswith("."), sentence
    for needle in needles:
        assert needle in sentence, (needle, sentence)
    if not items:
        assert result.items == []
    return sentence


# -- arguments -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("spider", "args", "needles"),
    [
        ("series", {"bogus": "1"}, ["Unknown argument(s) bogus", "start_url, province"]),
        ("series", {"url": "http://127.0.0.1/x"}, ["Unknown argument(s) url"]),
        ("article", {"start_url": "http://127.0.0.1/x"}, ["Unknown argument(s) start_url"]),
        ("article", {}, ["Argument url is required"]),
        ("article", {"url": ""}, ["Argument url is required"]),
        ("series", {"start_url": "not a url"}, ["start_url='not a url'", "http(s) URL"]),
        ("series", {"start_url": "http://127.0.0.1:99999/x"}, ["not a valid URL"]),
        ("series", {"start_url": "ftp://127.0.0.1/x"}, ["http(s) URL"]),
        ("series", {"start_url": "http:///c/2025-04-10/1.shtml"}, ["with a host"]),
        ("series", {"start_url": "javascript:alert(1)"}, ["http(s) URL"]),
        ("article", {"url": "file:///etc/passwd"}, ["http(s) URL"]),
        ("series", {"province": "火星"}, ["Unknown province '火星'", "宁夏回族自治区"]),
        ("series", {"province": ""}, ["Unknown province"]),
    ],
)
def test_bad_argument_is_one_plain_sentence(tmp_path, spider, args, needles):
    result = run_crawl(spider, tmp_path, args=args, settings=NOWHERE, timeout=60)
    assert_plain_error(result, 2, *needles)
    # Nothing was started: no store, no export, no request.
    assert not (tmp_path / "articles.sqlite3").exists()
    assert not (tmp_path / "articles.jsonl").exists()


def test_unknown_spider_is_one_plain_sentence(tmp_path):
    result = run_crawl("nosuch", tmp_path, settings=NOWHERE, timeout=60)
    assert_plain_error(result, 2, "Unknown spider 'nosuch'", "article, series")


# -- the store and the export ----------------------------------------------------------------

@pytest.fixture(scope="module")
def site():
    with FaultServer() as srv:
        page = Page("宁夏", "坏输入测试", [
            "宁夏各级工会团结动员广大职工建功新时代，推动产业工人队伍建设改革走深走实。",
            "一年来，宁夏工会组织劳动和技能竞赛，职工参与人数超过十万人次。",
        ])
        srv.route("/c/2025-04-10/7000.shtml", "ok", page)
        yield srv


def crawl_article(srv: FaultServer, tmp_path: Path, **settings: object) -> CrawlResult:
    return run_crawl("article", tmp_path, args={"url": srv.url("/c/2025-04-10/7000.shtml")},
                     settings={**FAST, **settings}, timeout=60)


def test_good_run_writes_store_and_export(site, tmp_path):
    # The baseline the failures below are compared with.
    result = crawl_article(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "articles.sqlite3").exists()
    assert '"province": "宁夏"' in (tmp_path / "articles.jsonl").read_text("utf-8")


@pytest.mark.parametrize("content", [
    b"this is not an SQLite database, it is a text file someone saved here\n" * 50,
    bytes(range(256)) * 64,
])
def test_corrupt_store_is_a_plain_error_and_left_alone(site, tmp_path, content):
    store = tmp_path / "articles.sqlite3"
    store.write_bytes(content)
    result = crawl_article(site, tmp_path)
    assert_plain_error(result, 1, str(store), "not a readable article store")
    assert store.read_bytes() == content
    assert not (tmp_path / "articles.jsonl").exists()


def test_store_with_damaged_pages_is_a_plain_error_and_left_alone(site, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    assert crawl_article(site, good).returncode == 0
    data = bytearray((good / "articles.sqlite3").read_bytes())
    assert len(data) > 4096
    data[4096:] = b"\xff" * (len(data) - 4096)  # a valid header, every other page destroyed
    store = tmp_path / "articles.sqlite3"
    store.write_bytes(bytes(data))
    result = crawl_article(site, tmp_path)
    assert_plain_error(result, 1, str(store))
    assert store.read_bytes() == bytes(data)


def test_store_locked_by_another_crawl(site, tmp_path):
    store = tmp_path / "articles.sqlite3"
    fd = os.open(f"{store}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"4242\n")
        result = crawl_article(site, tmp_path)
    finally:
        os.close(fd)
    assert_plain_error(result, 1, "Another crawl is using", str(store))


def test_store_locked_by_another_program(site, tmp_path):
    store = tmp_path / "articles.sqlite3"
    assert crawl_article(site, tmp_path).returncode == 0
    before = store.read_bytes()
    feed_before = (tmp_path / "items.jsonl").read_bytes()
    conn = sqlite3.connect(store, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        result = crawl_article(site, tmp_path)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    # The -O feed of the earlier run is left as it was: the crawl stopped before opening it.
    assert_plain_error(result, 1, str(store), "locked", items=True)
    assert store.read_bytes() == before
    assert result.feed.read_bytes() == feed_before


def test_export_under_a_file_is_a_plain_error(site, tmp_path):
    blocker = tmp_path / "output"
    blocker.write_bytes(b"a file where the export directory should be\n")
    result = crawl_article(site, tmp_path, EXPORT_PATH=str(blocker / "articles.jsonl"))
    # The run's own -O feed is written; the store's export is what failed.
    sentence = assert_plain_error(result, 1, "Cannot write the export", items=True)
    assert str(blocker) in sentence
    assert blocker.read_bytes() == b"a file where the export directory should be\n"


def test_export_onto_a_directory_is_a_plain_error(site, tmp_path):
    target = tmp_path / "articles.jsonl"
    target.mkdir()
    (target / "keep.txt").write_bytes(b"keep me")
    result = crawl_article(site, tmp_path, EXPORT_PATH=str(target))
    assert_plain_error(result, 1, "Cannot write the export", str(target), items=True)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert (target / "keep.txt").read_bytes() == b"keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_export_into_unwritable_directory_keeps_the_old_file(site, tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    export = out / "articles.jsonl"
    export.write_bytes(b'{"old": "export"}\n')
    out.chmod(0o500)
    try:
        result = crawl_article(site, tmp_path, EXPORT_PATH=str(export))
    finally:
        out.chmod(0o700)
    assert_plain_error(result, 1, "Cannot write the export", str(export), items=True)
    assert export.read_bytes() == b'{"old": "export"}\n'


def test_no_error_sentence_hides_a_python_exception_name(site, tmp_path):
    # A plain sentence talks about files and what to do, not about exception classes.
    (tmp_path / "articles.sqlite3").write_bytes(b"junk" * 1000)
    result = crawl_article(site, tmp_path)
    (sentence,) = error_lines(result)
    assert not re.search(r"\b\w+(Error|Exception)\b", sentence), sentence
