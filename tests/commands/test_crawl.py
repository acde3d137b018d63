"""``scrapy crawl`` refuses bad settings and arguments before anything starts: exit 2, one short
sentence on stderr, no traceback, no store, no feed, no request."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.harness import ROOT, CrawlResult, run_crawl

# Nothing listens here: should anything slip through, the crawl does not leave loopback.
NOWHERE = {"SERIES_START_URLS": "http://127.0.0.1:9/c/2025-04-10/1.shtml",
           "SERIES_MIRRORS": "127.0.0.1:9", "SERIES_DISCOVERY_URLS": "",
           "DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 0}


def refused(result: CrawlResult, tmp_path, code: int = 2) -> str:
    assert result.returncode == code, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr[-3000:]
    assert len(errors[0]) < 400, errors[0][:500]
    assert errors[0].endswith("."), errors[0]
    assert not (tmp_path / "articles.sqlite3").exists()
    assert not (tmp_path / "items.jsonl").exists()
    return errors[0]


@pytest.mark.parametrize(("name", "value", "needle"), [
    ("HEALTH_MIN_COVERAGE", "abc", "expected a number between 0 and 1"),
    ("HEALTH_MIN_COVERAGE", "1.5", "expected a number between 0 and 1"),
    ("SERIES_EXPECTED_SIZE", "abc", "expected a whole number"),
    ("SERIES_MIN_MEMBERS", "31", "expected a JSON object"),
    ("SERIES_MIN_MEMBERS", '{"S": "x"}', "expected a JSON object"),
    ("RETRY_BACKOFF_BASE", "-1", "expected a number of seconds"),
    ("MAX_LINKS_PER_PAGE", "0", "expected a whole number"),
    ("MAX_BLOCKS", "lots", "expected a whole number"),
    ("DOWNLOAD_DELAY", "slow", "expected a number of seconds"),
    ("CONCURRENT_REQUESTS", "many", "expected a whole number"),
    ("SERIES_START_URLS", "not-a-url", "expected http(s) URLs"),
])
def test_mistyped_setting_is_refused_before_the_crawl(tmp_path, name, value, needle):
    result = run_crawl("series", tmp_path, settings={**NOWHERE, name: value}, timeout=60)
    sentence = refused(result, tmp_path)
    assert sentence.startswith(f"Error: Setting {name}={value!r} is not valid: "), sentence
    assert needle in sentence, sentence


@pytest.mark.parametrize(("args", "needles"), [
    ({"province": "宁夏" + "工会" * 10000}, ["Argument province is too long", "200"]),
    ({"start_url": "http://127.0.0.1:9/" + "a" * 3000}, ["Argument start_url is too long",
                                                         "2,083"]),
    ({"start_url": "ftp://127.0.0.1/" + "b" * 20000}, ["start_url"]),
])
def test_long_argument_is_refused_in_a_short_line(tmp_path, args, needles):
    sentence = refused(run_crawl("series", tmp_path, args=args, settings=NOWHERE, timeout=60),
                       tmp_path)
    for needle in needles:
        assert needle in sentence, sentence


def test_password_in_a_url_is_not_echoed(tmp_path):
    args = {"start_url": "ftp://alice:s3cr3t@127.0.0.1/x"}
    sentence = refused(run_crawl("series", tmp_path, args=args, settings=NOWHERE, timeout=60),
                       tmp_path)
    assert "s3cr3t" not in sentence and "alice:***@127.0.0.1" in sentence, sentence


def crawl_argv(tmp_path, *argv: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "series", "-O", str(tmp_path / "items.jsonl"),
           "-s", f"STORE_PATH={tmp_path / 'articles.sqlite3'}", *argv]
    for key, value in NOWHERE.items():
        cmd += ["-s", f"{key}={value}"]
    return subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60, check=False)


def test_argument_given_twice_is_refused(tmp_path):
    proc = crawl_argv(tmp_path, "-a", "province=宁夏", "-a", "province=青海")
    result = CrawlResult(proc.returncode, proc.stdout, proc.stderr, [], tmp_path / "items.jsonl")
    sentence = refused(result, tmp_path)
    assert "province" in sentence and "more than once" in sentence, sentence
