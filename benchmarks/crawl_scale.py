"""Crawl throughput and memory at scale: N generated 中工网-style article pages on 127.0.0.1.

The site is generated on the fly from the request path (nothing on disk) by route handlers
on the project's loopback server (``crawler.snapshot.server.SnapshotServer``, 127.0.0.1) in
this (parent) process:

* ``/c/2025-04-18/<1000000+n>.shtml`` - article n in the 中工网 article layout: ``h1.ctitle``
  with a series-form title ``永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼丨<province>工会：
  <headline n>``, ``div.cinfo > span.ctime``, ``div.ccontent`` with banner, headline parts,
  byline, 阅读提示 + summary, a few paragraphs and a heading, then ``新闻链接`` with LINKS
  links (series-form anchor text) to other articles;
* ``/quanzong/index_<k>.html`` - channel list pages, ``li[id^="li_"] > h3 > a``, 100 articles
  each (together they list every article);
* ``/robots.txt`` - allow all.

Why a benchmark-only spider: the project's ``series`` spider requests one article per
province (there are 32), so it stops after 32 pages whatever N is. ``ScaleSpider`` below
subclasses ``crawler.spiders.series.SeriesSpider`` and keeps everything else: the start page
and discovery (channel list) pages from the settings, ``series_links`` link extraction, the
host policy, ``locate`` on every page, the project's middlewares, item pipelines (extract +
validate, and the store if one is configured, pointed at a temp dir), the feed export
(``FEEDS`` -> temp jsonl) and the RunReport extension. It only drops the per-member dedupe:
every distinct series link is followed once (canonical URL), and every page yields its item.

The crawl runs in a child process (``--child``) through ``CrawlerProcess`` with the project
settings (``crawler.settings``) plus throughput overrides: no download delay, no autothrottle,
no HTTP cache, and Scrapy's default concurrency (16 requests, 8 per domain) - the same as
``scrapy bench``. The child reports CPU seconds between spider_opened and spider_closed,
RSS at open, the peak RSS (sampled by a thread every 50 ms, and ``ru_maxrss``), and RSS at
25/50/75/100% of the pages.

``scrapy bench`` comparison: the real ``scrapy bench`` command starts its server on all
interfaces (``listenTCP(8998)``), which the loopback-only rule forbids. So this script runs
the very same pieces - ``scrapy.utils.benchserver.Root`` (served from a separate process bound
to 127.0.0.1) and ``scrapy.commands.bench._BenchSpider`` with the bench command's settings
(LOGSTATS_INTERVAL=1, CLOSESPIDER_TIMEOUT=10, no project settings) - and parses the
``Crawled N pages (at X pages/min)`` log lines just like one would read ``scrapy bench``.

``--modes memory,disk``: ``disk`` adds ``-s JOBDIR=<tmp>`` (Scrapy's pickle LIFO disk queues
and an on-disk dupefilter) to see whether memory stays flatter with disk queues.

Run from the project root: python benchmarks/crawl_scale.py [--sizes 1000,10000] [--modes memory,disk]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from crawler.snapshot.server import NOT_FOUND, Reply, Request, SnapshotServer

ROOT = Path(__file__).resolve().parents[1]
THIS = Path(__file__).resolve()
PER_LIST_PAGE = 100
ARTICLE_BASE = 1_000_000
DATE = "2025-04-18"
PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
    "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "新疆生产建设兵团",
)
PARAGRAPHS = (
    "近年来，各级工会组织坚持以职工为中心的工作导向，深入开展劳动和技能竞赛，推动产业工人队伍建设改革走深走实，广大职工的获得感、幸福感、安全感不断增强。",
    "在重点项目建设一线，工会组织开展“建功新时代”主题劳动竞赛，累计参与职工超过{n}人次，评选表彰各类先进集体和个人，营造了比学赶超的浓厚氛围。",
    "围绕职工急难愁盼问题，工会持续推进户外劳动者服务站点建设，完善帮扶救助工作机制，让“娘家人”的温暖直达一线，为职工办实事、解难题。",
    "面向新征程，工会将继续当好党联系职工群众的桥梁纽带，团结引领广大职工在推进中国式现代化建设中建功立业、再创佳绩。",
)


# ------------------------------------------------------------------------------------------
# The generated site
# ------------------------------------------------------------------------------------------
def article_id(n: int) -> int:
    return ARTICLE_BASE + n


def article_path(n: int) -> str:
    return f"/c/{DATE}/{article_id(n)}.shtml"


def article_title(n: int) -> str:
    return f"{SERIES}丨{PROVINCES[n % len(PROVINCES)]}工会：第{n}篇 凝聚职工奋进力量建功新时代"


def linked(n: int, total: int, links: int) -> list[int]:
    """The articles article n lists under 新闻链接: deterministic, spread over the site."""
    out: list[int] = []
    for k in range(1, total):
        m = (n * 7919 + k * 104729) % total
        if m != n and m not in out:
            out.append(m)
        if len(out) >= min(links, total - 1):
            break
    return out


def render_article(n: int, total: int, links: int) -> bytes:
    title = article_title(n)
    province = PROVINCES[n % len(PROVINCES)]
    related = "\n".join(
        f'  <p><a href="{article_path(m)}" target="_blank">{article_title(m)}</a></p>'
        for m in linked(n, total, links)
    )
    p = [t.format(n=1000 + n) for t in PARAGRAPHS]
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title} - 全总 - 中工网</title>
<link rel="canonical" href="{article_path(n)}">
</head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/quanzong/">全总</a></div>
<div class="breadcrumb">当前位置：<a href="/">中工网</a> &gt; <a href="/quanzong/">全总</a> &gt; 正文</div>
<div class="article">
 <h1 class="ctitle">{title}</h1>
 <div class="cinfo"><span class="ctime">{DATE} 07:{n % 60:02d}:00</span> <span class="csource">来源：工人日报</span></div>
 <div class="ccontent">
  <p>　　【永远跟党走 奋进新征程丨庆祝全总成立100周年·巡礼】</p>
  <p>　　原标题：{province}工会团结引领职工建功立业——（引题）</p>
  <p>　　第{n}篇 凝聚职工奋进力量建功新时代（主题）</p>
  <p>　　本报记者 王{n % 10}明 李静</p>
  <p>　　阅读提示</p>
  <p>　　{p[0]}</p>
  <p>　　{p[1]}</p>
  <p>　　<strong>竭诚服务职工，当好“娘家人”</strong></p>
  <p>　　{p[2]}</p>
  <p>　　{p[3]}</p>
  <p>　　新闻链接</p>
{related}
 </div>
 <div class="ceditor">（责任编辑：刘兰）</div>
</div>
<div class="footer">版权所有 中工网</div>
</body>
</html>
"""
    return html.encode("utf-8")


def list_pages(total: int) -> int:
    return (total + PER_LIST_PAGE - 1) // PER_LIST_PAGE


def render_list(k: int, total: int) -> bytes:
    start = (k - 1) * PER_LIST_PAGE
    items = "\n".join(
        f'<li id="li_{article_id(n)}"><h3><a href="{article_path(n)}" target="_blank">'
        f'{article_title(n)}</a></h3><div class="info2">{DATE} 07:{n % 60:02d}:00</div>'
        f'<span class="fr">工人日报</span></li>'
        for n in range(start, min(total, start + PER_LIST_PAGE))
    )
    pager = " ".join(f'<a href="/quanzong/index_{j}.html">{j}</a>'
                     for j in range(max(1, k - 3), min(list_pages(total), k + 3) + 1))
    html = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>全总 - 中工网</title></head>
<body><div class="list-main"><ul class="list-ul">
{items}
</ul><div class="page">{pager}</div></div></body></html>
"""
    return html.encode("utf-8")


_ARTICLE = re.compile(rf"^/c/{DATE}/(\d+)\.shtml$")
_LIST = re.compile(r"^/quanzong/index_(\d+)\.html$")


HTML_UTF8 = {"Content-Type": "text/html; charset=utf-8"}
SITE = "scale"


def generated_site(total: int, links: int) -> SnapshotServer:
    """A started, route-only :class:`SnapshotServer` generating the site for ``total``
    articles (``/robots.txt`` allows all; any other path answers 404)."""

    def article(request: Request) -> Reply:
        if m := _ARTICLE.match(request.path):
            n = int(m.group(1)) - ARTICLE_BASE
            if 0 <= n < total:
                return Reply(200, render_article(n, total, links), HTML_UTF8)
        return Reply(404, NOT_FOUND, HTML_UTF8)

    def channel(request: Request) -> Reply:
        if m := _LIST.match(request.path):
            k = int(m.group(1))
            if 1 <= k <= list_pages(total):
                return Reply(200, render_list(k, total), HTML_UTF8)
        return Reply(404, NOT_FOUND, HTML_UTF8)

    server = SnapshotServer(root=None, sites=[SITE]).start()
    server.route(SITE, f"/c/{DATE}/", article, prefix=True)
    server.route(SITE, "/quanzong/", channel, prefix=True)
    return server


# ------------------------------------------------------------------------------------------
# Child: the crawl itself (and the bench equivalent)
# ------------------------------------------------------------------------------------------
class _Meter:
    """CPU and RSS of this process over the crawl, sampled by a thread every 50 ms."""

    def __init__(self, crawler, expected: int) -> None:
        import psutil

        self.proc = psutil.Process()
        self.crawler = crawler
        self.expected = expected
        self.peak = 0
        self.peak_at = 0
        self.sched_max = 0
        self.rss_at: dict[str, int] = {}
        self.stop = threading.Event()
        from scrapy import signals

        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        self.rss_idle = 0
        self.crawl_peak = 0

    def idle(self, spider) -> None:
        self.rss_idle = self.proc.memory_info().rss
        self.crawl_peak = self.peak  # peak while crawling, before the close-down

    def opened(self, spider) -> None:
        self.t0, self.cpu0 = time.perf_counter(), self._cpu()
        self.rss_open = self.proc.memory_info().rss
        threading.Thread(target=self._sample, daemon=True).start()

    def closed(self, spider, reason) -> None:
        self.t1, self.cpu1 = time.perf_counter(), self._cpu()
        self.stop.set()
        self.rss_close = self.proc.memory_info().rss

    def _cpu(self) -> float:
        t = os.times()
        return t.user + t.system

    def _sample(self) -> None:
        marks = [(25, "25%"), (50, "50%"), (75, "75%")]
        while not self.stop.wait(0.05):
            rss = self.proc.memory_info().rss
            done = self.crawler.stats.get_value("downloader/response_count", 0) or 0
            with contextlib.suppress(Exception):  # read from a thread: best effort
                self.sched_max = max(self.sched_max, len(self.crawler.engine.scheduler or ()))
            if rss > self.peak:
                self.peak, self.peak_at = rss, done
            while marks and self.expected and done * 100 >= marks[0][0] * self.expected:
                self.rss_at[marks.pop(0)[1]] = rss

    def result(self) -> dict:
        import resource

        stats = self.crawler.stats.get_stats()
        return {
            "elapsed": self.t1 - self.t0,
            "cpu": self.cpu1 - self.cpu0,
            "responses": stats.get("downloader/response_count", 0),
            "items": stats.get("item_scraped_count", 0),
            "dropped": stats.get("item_dropped_count", 0),
            "errors": stats.get("log_count/ERROR", 0),
            "rss_open": self.rss_open,
            "rss_close": self.rss_close,
            "rss_idle": self.rss_idle,
            "crawl_peak": max(self.crawl_peak, self.rss_idle),
            "rss_peak": max(self.peak, self.rss_close),
            "rss_peak_at": self.peak_at if self.peak >= self.rss_close else "close",
            "scheduler_max": self.sched_max,
            "rss_at": self.rss_at,
            "ru_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        }


def make_scale_spider():
    from scrapy.http import TextResponse

    from crawler.clean.assemble import page_member
    from crawler.clean.series import DEFAULT_SERIES
    from crawler.links import canonical, series_links
    from crawler.spiders.series import SeriesSpider

    class ScaleSpider(SeriesSpider):
        """SeriesSpider without the one-article-per-member rule (see the module doc)."""

        name = "scale_bench"

        def parse(self, response):
            if not isinstance(response, TextResponse):
                return
            anchors = self.anchors(response)
            if self.series is None:
                self.learn_series(response, anchors)
            page = self.locate_page(response)
            if page is not None:
                page.series = (self.series or DEFAULT_SERIES).name
                page_member(page)  # same per-page work as series
                yield page
            yield from self.follow(response, anchors)
            if response.meta.get("role") == "start":  # the channel lists, as series does
                yield from self.discovery_requests()

        def follow(self, response, anchors):
            stats = self.crawler.stats
            series = self.series or DEFAULT_SERIES
            for link in series_links(response.selector, response.url, series, anchors=anchors):
                stats.inc_value("series/links_seen")
                if not self.host_policy.allows(link.url):
                    stats.inc_value("series/links_refused")
                    continue
                key = canonical(link.url)
                if key in self.requested:
                    continue
                self.requested.add(key)
                stats.inc_value("series/articles_requested")
                yield response.follow(link.url, callback=self.parse, errback=self.on_error,
                                      meta=self.meta("article", link.title))

    return ScaleSpider


def child_crawl(args) -> None:
    os.chdir(ROOT)
    os.environ["SCRAPY_SETTINGS_MODULE"] = "crawler.settings"
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    origin = f"http://127.0.0.1:{args.port}"
    work = Path(args.workdir)
    settings = get_project_settings()
    overrides = {
        "SERIES_START_URLS": [origin + article_path(0)],
        "SERIES_DISCOVERY_URLS": [f"{origin}/quanzong/index_{k}.html"
                                  for k in range(1, list_pages(args.n) + 1)],
        "SERIES_MIRRORS": [f"127.0.0.1:{args.port}"],
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "HTTPCACHE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "LOGSTATS_INTERVAL": 10,
        "STORE_PATH": str(work / "articles.sqlite3"),
        "EXPORT_PATH": str(work / "articles.jsonl"),
        "HTTPCACHE_DIR": str(work / "httpcache"),
        "FEEDS": {str(work / "items.jsonl"): {"format": "jsonl", "overwrite": True}},
    }
    if args.jobdir:
        overrides["JOBDIR"] = str(work / "job")
    if args.no_store:
        overrides["STORE_PATH"] = ""  # StorePipeline raises NotConfigured: not loaded
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(make_scale_spider())
    meter = _Meter(crawler, args.n + list_pages(args.n) + 2)
    process.crawl(crawler)
    process.start()
    print("RESULT " + json.dumps(meter.result()), flush=True)


def child_bench_server(args) -> None:
    from scrapy.utils.benchserver import Root
    from twisted.internet import reactor
    from twisted.web.server import Site

    port = reactor.listenTCP(0, Site(Root()), interface="127.0.0.1")
    reactor.callWhenRunning(lambda: print(f"PORT {port.getHost().port}", flush=True))
    reactor.run()


def child_bench_crawl(args) -> None:
    os.environ.pop("SCRAPY_SETTINGS_MODULE", None)
    from scrapy.commands.bench import Command, _BenchSpider
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    settings = Settings()
    settings.setdict(Command.default_settings, priority="command")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(_BenchSpider)
    meter = _Meter(crawler, 0)
    process.crawl(crawler, total=100000, baseurl=f"http://127.0.0.1:{args.port}")
    process.start()
    print("RESULT " + json.dumps(meter.result()), flush=True)


# ------------------------------------------------------------------------------------------
# Parent
# ------------------------------------------------------------------------------------------
def run_child(cmd: list[str], timeout: float) -> tuple[dict, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    result = next((json.loads(line[7:]) for line in proc.stdout.splitlines()
                   if line.startswith("RESULT ")), None)
    if result is None:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-5000:])
        raise SystemExit(f"child failed (exit {proc.returncode}): {' '.join(cmd)}")
    return result, proc.stderr


def crawl_once(n: int, links: int, jobdir: bool, no_store: bool, timeout: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix="crawl_scale_"))
    try:
        with generated_site(n, links) as server:
            cmd = [sys.executable, str(THIS), "--child", "--port",
                   str(server.port(SITE)), "--n", str(n), "--workdir", str(work)]
            if jobdir:
                cmd.append("--jobdir")
            if no_store:
                cmd.append("--no-store")
            result, log = run_child(cmd, timeout)
            hits = server.requests_for(SITE)
            result["served"] = len(hits)
            result["bytes_served"] = sum(h.bytes_sent for h in hits)
        feed = work / "items.jsonl"
        result["exported"] = sum(1 for _ in feed.open("rb")) if feed.exists() else 0
        result["warnings"] = log.count(" WARNING: ")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_once(timeout: float) -> dict:
    server = subprocess.Popen([sys.executable, "-u", str(THIS), "--bench-server"],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = server.stdout.readline()
        port = int(line.split()[1])
        result, log = run_child([sys.executable, str(THIS), "--bench-crawl", "--port", str(port)],
                                timeout)
    finally:
        server.kill()
        server.wait()
    rates = [int(m) for m in re.findall(r"Crawled \d+ pages \(at (\d+) pages/min\)", log)]
    result["logstats_pages_per_min"] = rates
    return result


MB = 1024 * 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated N (articles)")
    ap.add_argument("--modes", default="memory,disk",
                    help="memory (default scheduler queues) and/or disk (JOBDIR disk queues)")
    ap.add_argument("--links", type=int, default=10, help="新闻链接 entries per article")
    ap.add_argument("--no-bench", action="store_true", help="skip the scrapy bench comparison")
    ap.add_argument("--no-store", action="store_true",
                    help="run without the project's article store pipeline (STORE_PATH='')")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per crawl before giving up")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--bench-server", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--bench-crawl", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--jobdir", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child_crawl(args)
    if args.bench_server:
        return child_bench_server(args)
    if args.bench_crawl:
        return child_bench_crawl(args)

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    sample = render_article(1, 1000, args.links)
    print(f"Generated site: article page {len(sample)} bytes, list page "
          f"{len(render_list(1, 1000))} bytes, {args.links} 新闻链接 per article, "
          f"{PER_LIST_PAGE} articles per list page; {os.cpu_count()} CPUs")
    results: dict[tuple[str, int], dict] = {}
    for mode in modes:
        for n in sizes:
            print(f"  crawling N={n} ({mode} queues) ...", flush=True)
            results[(mode, n)] = crawl_once(n, args.links, mode == "disk", args.no_store, args.timeout)

    bench = None
    if not args.no_bench:
        print("  running the scrapy bench equivalent (10 s) ...", flush=True)
        bench = bench_once(args.timeout)

    store = "without the store" if args.no_store else "with the SQLite store in a temp dir"
    print(f"\nScale crawl (ScaleSpider = series spider + project middlewares/pipelines, {store}, "
          "feed export to a temp file)")
    print(f"  {'queues':<7} {'N':>6} {'resp':>6} {'items':>6} {'exp':>6} {'errs':>4} {'secs':>6} "
          f"{'pages/s':>8} {'CPU ms/pg':>9} | {'open':>5} {'25%':>5} {'50%':>5} {'75%':>5} "
          f"{'idle':>5} {'crawl':>5} {'close':>5} {'max':>5} | {'queue':>6}")
    for (mode, n), r in results.items():
        at = " ".join(f"{r['rss_at'].get(k, 0) / MB:5.0f}" for k in ("25%", "50%", "75%"))
        print(f"  {mode:<7} {n:>6} {r['responses']:>6} {r['items']:>6} {r['exported']:>6} "
              f"{r['errors']:>4} {r['elapsed']:6.1f} {r['responses'] / r['elapsed']:8.1f} "
              f"{1000 * r['cpu'] / r['responses']:9.2f} | {r['rss_open'] / MB:5.0f} {at} "
              f"{r['rss_idle'] / MB:5.0f} {r['crawl_peak'] / MB:5.0f} {r['rss_close'] / MB:5.0f} "
              f"{r['ru_maxrss'] / MB:5.0f} | {r['scheduler_max']:>6}")
    print("  resp = responses (incl. robots.txt and list pages); items = scraped; exp = lines in the "
          "feed;\n  CPU = crawler process user+sys between spider_opened and spider_closed;\n"
          "  RSS in MiB: at spider_opened, after 25/50/75% of the pages, at spider_idle (all pages "
          "done), crawl = sampled peak\n  until idle, close = at spider_closed, max = ru_maxrss "
          "(whole process life); queue = most requests waiting in the scheduler")

    for mode in modes:
        ns = sorted(n for m, n in results if m == mode)
        if len(ns) >= 2:
            a, b = results[(mode, ns[0])], results[(mode, ns[-1])]
            cpu_a, cpu_b = a["cpu"] / a["responses"], b["cpu"] / b["responses"]
            wall_a, wall_b = a["elapsed"] / a["responses"], b["elapsed"] / b["responses"]
            print(f"\n  linearity ({mode}): CPU per page N={ns[-1]} / N={ns[0]} = {cpu_b / cpu_a:.2f}; "
                  f"wall time per page {wall_b / wall_a:.2f}")
            for label, key in (("crawl peak", "crawl_peak"), ("max RSS", "ru_maxrss")):
                print(f"  flatness  ({mode}): {label} {a[key] / MB:.0f} MiB at N={ns[0]} -> "
                      f"{b[key] / MB:.0f} MiB at N={ns[-1]} ({b[key] / a[key]:.2f}x; "
                      f"{(b[key] - a[key]) / (b['responses'] - a['responses']) / 1024:.1f} KiB per "
                      f"extra page)")

    if bench:
        rates = bench["logstats_pages_per_min"]
        steady = rates[1:] or rates
        bench_ps = bench["responses"] / bench["elapsed"]
        print("\nscrapy bench equivalent (scrapy.utils.benchserver.Root on 127.0.0.1, _BenchSpider, "
              "CLOSESPIDER_TIMEOUT=10):")
        print(f"  LogStats pages/min: {rates}")
        print(f"  median (after the first second): {statistics.median(steady) if steady else 0:.0f} "
              f"pages/min = {(statistics.median(steady) if steady else 0) / 60:.1f} pages/s; "
              f"overall {bench['responses']} responses in {bench['elapsed']:.1f} s = {bench_ps:.1f} pages/s; "
              f"CPU {1000 * bench['cpu'] / bench['responses']:.2f} ms/page; peak RSS "
              f"{bench['ru_maxrss'] / MB:.0f} MiB")
        for (mode, n), r in results.items():
            ps = r["responses"] / r["elapsed"]
            print(f"  ours/bench ({mode}, N={n}): pages/s {ps / bench_ps:.2f}; CPU per page "
                  f"{(r['cpu'] / r['responses']) / (bench['cpu'] / bench['responses']):.2f}x")


if __name__ == "__main__":
    main()
