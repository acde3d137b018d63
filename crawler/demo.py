"""Offline demo: serve the bundled snapshot on 127.0.0.1 and run the series crawl against it.

    python -m crawler.demo            # writes output/demo/{articles.sqlite3,articles.jsonl,run.jsonl}

Nothing leaves the machine: the snapshot's sites are served on loopback ports and the crawl
is told they are the series' mirrors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from crawler.snapshot.server import SnapshotServer

# Fixed ports, so a second demo run finds its pages in the HTTP cache (and gets 304s).
DEMO_PORTS = {"gxgh": 8631, "ngwz": 8632, "people": 8633, "workercn": 8634}
START = ("ngwz", "/news/6Qn72MNkKZ.html")
DISCOVERY = ("workercn", "/quanzong/")


def crawl_command(server: SnapshotServer, out: Path, extra: list[str]) -> list[str]:
    settings = {
        "SERIES_START_URLS": server.url(*START),
        "SERIES_MIRRORS": ",".join(server.netlocs()),
        "SERIES_DISCOVERY_URLS": server.url(*DISCOVERY),
        "STORE_PATH": str(out / "articles.sqlite3"),
        "EXPORT_PATH": str(out / "articles.jsonl"),
        "HTTPCACHE_DIR": str((out / "httpcache").resolve()),
        # Loopback needs no politeness delay; the live defaults stay in settings.py.
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", "series", "-O", str(out / "run.jsonl")]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd + extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="output/demo", help="folder for the store and exports")
    parser.add_argument("--province", help="re-crawl one province only (e.g. 宁夏)")
    opts = parser.parse_args(argv)
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    extra = ["-a", f"province={opts.province}"] if opts.province else []
    try:
        server = SnapshotServer(ports=DEMO_PORTS).start()
    except OSError:  # a port is taken: any free ports will do
        server = SnapshotServer().start()
    with server:
        print(f"Serving the snapshot: {', '.join(f'{s}={server.origin(s)}' for s in server.sites)}")
        code = subprocess.call(crawl_command(server, out, extra))
    export = out / "articles.jsonl"
    if export.exists():
        items = [json.loads(line) for line in export.read_text("utf-8").splitlines()]
        print(f"\n{len(items)} articles in {export} (publication order):")
        for item in items:
            print(
                f"  {item['published_at'] or '?':25} {item['province'] or '-':6} "
                f"{item['layout']:12} {item['headline'][:36]}"
            )
    print(f"\nThis run's items: {out / 'run.jsonl'}; crawl exit code {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
