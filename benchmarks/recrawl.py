"""Incremental re-crawls: what a scheduled re-run of ``scrapy crawl series`` costs the sites.

Serves the bundled snapshot (crawler.snapshot.server.SnapshotServer, 127.0.0.1 only; it
answers If-None-Match / If-Modified-Since with 304 and records every request with the body
bytes it sent) and runs the real crawl three times as a ``python -m scrapy crawl series``
subprocess (the demo's command, ``crawler.demo.crawl_command``, with fast retries), all three
on one article store and one HTTP cache in a temp dir:

  1. first run (empty store, empty cache),
  2. re-run with nothing changed,
  3. re-run after one article changed (``SnapshotServer.set_page``: one word of the 重庆
     article's last body paragraph replaced).

For each run it prints the requests the server saw (robots.txt separately), how many were
answered 200 / 304 / other, the body bytes downloaded, the items the run exported (-O feed)
and the crawl's own run summary line.

By default the 中工网 channel list (/quanzong/) is used as a discovery page, so the newest
article (新疆, linked from no article) is crawled too: 31 articles. ``--no-discovery`` crawls
without it (30 articles).

Run from the project root: python benchmarks/recrawl.py [--no-discovery] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from crawler.demo import crawl_command
from crawler.snapshot.server import SITES_DIR, SnapshotServer

ROOT = Path(__file__).resolve().parents[1]
# Fast retries (none are expected) and the member count the crawl should reach.
WITH_DISCOVERY = ["-s", "RETRY_BACKOFF_BASE=0.05", "-s", "SERIES_EXPECTED_SIZE=31"]
# Without the channel list the snapshot's link graph holds 30 (新疆 is linked from nowhere).
NO_DISCOVERY = ["-s", "RETRY_BACKOFF_BASE=0.05", "-s", "SERIES_DISCOVERY_URLS=",
                "-s", "SERIES_EXPECTED_SIZE=30"]
CHANGED = ("workercn", "/c/2025-04-10/8451234.shtml")  # 重庆


def changed_body() -> bytes:
    body = (SITES_DIR / CHANGED[0] / CHANGED[1].lstrip("/")).read_bytes()
    at = body.rindex("职工".encode(), 0, body.index("新闻链接".encode()))
    return body[:at] + "劳动者".encode() + body[at + len("职工".encode()):]


@dataclass
class Run:
    returncode: int
    stderr: str
    items: list[dict]


def crawl(server: SnapshotServer, work: Path, feed: str, extra: list[str], timeout: float) -> Run:
    """One ``scrapy crawl series`` of the served snapshot; store and cache in ``work``."""
    cmd = crawl_command(server, work, extra, feed=feed)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          check=False)
    out = work / feed
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line.strip()] \
        if out.exists() else []
    return Run(proc.returncode, proc.stderr, items)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-discovery", action="store_true",
                    help="no discovery page: 新疆 is not reached")
    ap.add_argument("--keep", help="keep store, cache and feeds in this directory (default: temp, removed)")
    ap.add_argument("--timeout", type=float, default=180, help="seconds per crawl before giving up")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="recrawl_"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        with SnapshotServer() as server:
            extra = NO_DISCOVERY if args.no_discovery else WITH_DISCOVERY
            labels = ("1 first run", "2 nothing changed", "3 one article changed")
            for n, label in enumerate(labels):
                if n == 2:
                    server.set_page(*CHANGED, changed_body(), {"Content-Type": "text/html"})
                before = len(server.requests_for())
                t0 = time.perf_counter()
                result = crawl(server, work, f"run{n + 1}.jsonl", extra, args.timeout)
                secs = time.perf_counter() - t0
                hits = server.requests_for()[before:]
                rows.append((label, result, hits, secs))
            server.clear_pages()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("Re-crawl of the bundled snapshot (scrapy crawl series, one store + HTTP cache for all runs)")
    print(f"  {'run':<22} {'exit':>4} {'items':>5} {'requests':>8} {'robots':>6} {'200':>4} "
          f"{'304':>4} {'other':>5} {'body bytes':>10} {'secs':>5}")
    for label, result, hits, secs in rows:
        pages = [h for h in hits if h.path != "/robots.txt"]
        robots = len(hits) - len(pages)
        status = Counter(h.status for h in pages)
        other = sum(v for k, v in status.items() if k not in (200, 304))
        body = sum(h.bytes_sent for h in hits)
        print(f"  {label:<22} {result.returncode:>4} {len(result.items):>5} {len(pages):>8} "
              f"{robots:>6} {status[200]:>4} {status[304]:>4} {other:>5} {body:>10} {secs:5.1f}")
    print("  requests = page requests the server saw (robots.txt counted apart); body bytes = "
          "response bodies sent, robots.txt included;\n  items = items in that run's -O feed; "
          "secs = wall time of the scrapy subprocess (startup included)")

    for label, result, hits, _ in rows:
        summary = re.findall(r"Run summary \(series\): (.*)", result.stderr)
        print(f"\n  {label}: {summary[-1] if summary else '(no run summary in the log)'}")
        if result.returncode != 0:
            print("    stderr tail: " + result.stderr.strip().splitlines()[-1][:300])
        full = [h for h in hits if h.path != "/robots.txt" and h.status == 200]
        if label.startswith(("2", "3")) and len(full) > 1:
            print(f"    note: {len(full)} pages were downloaded in full on this re-run; conditional "
                  "requests are not saving them")
        if full and label.startswith("3"):
            print("    downloaded in full: " + ", ".join(f"{h.site}{h.path}" for h in full[:5]))


if __name__ == "__main__":
    main()
