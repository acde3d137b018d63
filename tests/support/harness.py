"""Test harness: run real crawls (``scrapy crawl`` subprocesses) against served pages.

Crawls run as ``scrapy crawl`` subprocesses (the real command, engine and downloader), so the
exit code and stderr users see are what the tests see.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from crawler.snapshot.server import SnapshotServer

ROOT = Path(__file__).resolve().parents[2]  # the project root (scrapy.cfg)
START_PATH = ("ngwz", "/news/6Qn72MNkKZ.html")  # the seed article, 宁夏
LIST_PATH = ("workercn", "/quanzong/")


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    items: list[dict]
    feed: Path

    def by_province(self) -> dict[str, dict]:
        return {i["province"]: i for i in self.items if i.get("province")}


def snapshot_settings(server: SnapshotServer, start: tuple[str, str] = START_PATH,
                      **extra: object) -> dict[str, object]:
    """Settings that point a crawl at the served snapshot (or another served tree, from its
    page ``start``), fast and still polite-shaped."""
    settings: dict[str, object] = {
        "SERIES_START_URLS": server.url(*start),
        "SERIES_MIRRORS": ",".join(server.netlocs()),
        "SERIES_DISCOVERY_URLS": "",
        # Without discovery pages the snapshot's link graph holds 30 (新疆 is newer).
        "SERIES_EXPECTED_SIZE": 30,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "RETRY_BACKOFF_BASE": 0.05,
        "LOG_LEVEL": "INFO",
    }
    settings.update(extra)
    return settings


def run_crawl(
    spider: str,
    tmp_path: Path,
    *,
    args: dict[str, str] | None = None,
    settings: dict[str, object] | None = None,
    feed: str = "items.jsonl",
    timeout: float = 120,
) -> CrawlResult:
    """Run ``scrapy crawl <spider>`` in the project root, export to ``tmp_path/feed``."""
    out = tmp_path / feed
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-O", str(out)]
    for key, value in (args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    # Each test gets its own store and export unless it names them (never the repo's output/).
    settings = {
        "STORE_PATH": str(tmp_path / "articles.sqlite3"),
        "EXPORT_PATH": str(tmp_path / "articles.jsonl"),
        "HTTPCACHE_DIR": str(tmp_path / "httpcache"),
        **(settings or {}),
    }
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    items = []
    if out.exists():
        items = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line.strip()]
    return CrawlResult(proc.returncode, proc.stdout, proc.stderr, items, out)
