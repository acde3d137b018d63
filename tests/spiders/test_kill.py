"""A crawl killed with SIGKILL mid-run loses nothing: the store and export stay whole, and
the next run picks up every change, even pages the killed run had already cached."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from crawler.snapshot.server import SITES_DIR, SnapshotServer
from crawler.store import ArticleStore
from tests.support.harness import ROOT, run_crawl, snapshot_settings

PAGES = [("workercn", f"/c/{p}") for p in (
    "2025-04-10/8451234.shtml", "2025-04-14/8460318.shtml", "2025-04-15/8462745.shtml",
)]


MARK = "（本段已更新）"  # appears on no snapshot page


def _edit(server: SnapshotServer, site: str, path: str) -> None:
    body = (SITES_DIR / site / path.lstrip("/")).read_bytes()
    at = body.rindex("工会".encode(), 0, body.index("新闻链接".encode()))
    server.set_page(site, path, body[:at] + MARK.encode() + body[at:],
                    {"Content-Type": "text/html"})


def test_sigkill_mid_run_loses_nothing(tmp_path):
    with SnapshotServer() as server:
        for site, path in PAGES:
            assert (SITES_DIR / site / path.lstrip("/")).exists(), path
        settings = snapshot_settings(
            server, STORE_PATH=tmp_path / "store.sqlite3", EXPORT_PATH=tmp_path / "export.jsonl",
            HTTPCACHE_DIR=tmp_path / "cache", CONCURRENT_REQUESTS=1, DOWNLOAD_DELAY=0.05,
        )
        first = run_crawl("series", tmp_path / "r1", settings=settings)
        assert first.returncode == 0, first.stderr[-2000:]
        export_before = (tmp_path / "export.jsonl").read_bytes()

        for site, path in PAGES:
            _edit(server, site, path)
        cmd = [sys.executable, "-m", "scrapy", "crawl", "series"]
        for key, value in settings.items():
            cmd += ["-s", f"{key}={value}"]
        start = len(server.requests_for())
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={**os.environ})
        deadline = time.monotonic() + 60
        # Kill once the changed pages have been downloaded (and so cached) by this run.
        while time.monotonic() < deadline:
            got = [h for h in server.requests_for()[start:] if h.status == 200]
            if len(got) >= len(PAGES) or proc.poll() is not None:
                break
            time.sleep(0.01)
        # It must still be running (mid-run) when killed, and die by that SIGKILL.
        assert proc.poll() is None, "the crawl finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL

        # The store opens (the lock died with the process), is intact and complete.
        with ArticleStore(tmp_path / "store.sqlite3") as store:
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert store.count() == 30
        # The export was not touched by the killed run (it is written only at the end).
        assert (tmp_path / "export.jsonl").read_bytes() == export_before

        third = run_crawl("series", tmp_path / "r3", settings=settings)
        assert third.returncode == 0, third.stderr[-2000:]
        exported = [json.loads(x) for x in (tmp_path / "export.jsonl").read_text().splitlines()]
        assert len(exported) == 30
        changed = [i for i in exported if MARK in i["text"]]
        assert len(changed) == len(PAGES), [i["province"] for i in changed]


def test_change_cached_but_never_stored_is_not_skipped(tmp_path):
    """The HTTP cache holds a changed page that the store never saw (the run that fetched
    it died before storing): the next run gets a 304, yet must still store the change."""
    with SnapshotServer() as server:
        settings = snapshot_settings(
            server, STORE_PATH=tmp_path / "store.sqlite3", EXPORT_PATH=tmp_path / "export.jsonl",
            HTTPCACHE_DIR=tmp_path / "cache",
        )
        assert run_crawl("series", tmp_path / "r1", settings=settings).returncode == 0
        _edit(server, *PAGES[0])
        # Same cache, another store: the cache now holds the changed page, our store does not.
        lost = {**settings, "STORE_PATH": tmp_path / "other.sqlite3",
                "EXPORT_PATH": tmp_path / "other.jsonl", "SERIES_EXPECTED_SIZE": 0}
        assert run_crawl("series", tmp_path / "r2", settings=lost).returncode == 0
        start = len(server.requests_for())
        third = run_crawl("series", tmp_path / "r3", settings=settings)
        assert third.returncode == 0, third.stderr[-2000:]
        statuses = {h.path: h.status for h in server.requests_for()[start:]}
        assert statuses[PAGES[0][1]] == 304  # the server said unchanged ...
        assert [i["province"] for i in third.items] == ["重庆"]  # ... but our store had not seen it
        assert MARK in third.items[0]["text"]
