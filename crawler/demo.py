"""Offline demo: serve the bundled snapshot on 127.0.0.1 and crawl both of its series.

    python -m crawler.demo                      # the default series, then the second one
    python -m crawler.demo --province 宁夏       # re-crawl one province (same store)
    python -m crawler.demo --member 中国海员建设工会  # re-crawl one member of any series

Writes output/demo/{articles.sqlite3,articles.jsonl,run.jsonl,run2.jsonl}: one store and one
export hold both series. The second series (产业工会巡礼) is SYNTHETIC (see the snapshot README).
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
# (start page, discovery page) of each series: the default one, then the SYNTHETIC second one.
SERIES_PAGES = (
    (("ngwz", "/news/6Qn72MNkKZ.html"), ("workercn", "/quanzong/")),
    (("ngwz", "/news/Ms9Dk4QxLu.html"), ("workercn", "/chanye/")),
)
START, DISCOVERY = SERIES_PAGES[0]


def crawl_command(server: SnapshotServer, out: Path, extra: list[str],
                  pages: tuple[tuple[str, str], tuple[str, str]] = SERIES_PAGES[0],
                  feed: str = "run.jsonl") -> list[str]:
    start, discovery = pages
    settings = {
        "SERIES_START_URLS": server.url(*start),
        "SERIES_MIRRORS": ",".join(server.netlocs()),
        "SERIES_DISCOVERY_URLS": server.url(*discovery),
        "STORE_PATH": str(out / "articles.sqlite3"),
        "EXPORT_PATH": str(out / "articles.jsonl"),
        "HTTPCACHE_DIR": str((out / "httpcache").resolve()),
        # Loopback needs no politeness delay; the live defaults stay in settings.py.
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", "series", "-O", str(out / feed)]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd + extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="output/demo", help="folder for the store and exports")
    parser.add_argument("--province", help="re-crawl one province only (e.g. 宁夏)")
    parser.add_argument("--member", help="re-crawl one member of any series "
                        "(e.g. 中国海员建设工会)")
    opts = parser.parse_args(argv)
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        server = SnapshotServer(ports=DEMO_PORTS).start()
    except OSError:  # a port is taken: any free ports will do
        server = SnapshotServer().start()
    codes = []
    with server:
        print(f"Serving the snapshot: {', '.join(f'{s}={server.origin(s)}' for s in server.sites)}")
        if opts.province or opts.member:
            extra = (["-a", f"province={opts.province}"] if opts.province
                     else ["-a", f"member={opts.member}"])
            codes.append(subprocess.call(crawl_command(server, out, extra)))
        else:
            for n, pages in enumerate(SERIES_PAGES, 1):
                feed = "run.jsonl" if n == 1 else f"run{n}.jsonl"
                print(f"\n== Crawl {n}: the series of {server.url(*pages[0])}")
                codes.append(subprocess.call(crawl_command(server, out, [], pages, feed)))
    export = out / "articles.jsonl"
    if export.exists():
        items = [json.loads(line) for line in export.read_text("utf-8").splitlines()]
        print(f"\n{len(items)} articles in {export} (publication order):")
        for series in dict.fromkeys(item.get("series") for item in items):
            members = [item for item in items if item.get("series") == series]
            print(f"\n{series or '(no series)'}: {len(members)} members")
            for item in members:
                print(
                    f"  {item['member'] or '-':12} {item['published_at'] or '?':25} "
                    f"{item['layout']:12} {item['headline'][:30]}"
                )
    code = max(codes, default=0)
    print(f"\nThis run's items: {out}/run*.jsonl; crawl exit code(s) "
          f"{', '.join(map(str, codes))}")
    return code


if __name__ == "__main__":
    sys.exit(main())
