"""Scrapy settings for the series crawler.

Defaults are polite for the real sites; tests and the offline demo override the start pages
and mirrors with ``-s`` / ``Crawler.settings``.
"""

from pathlib import Path

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- What the series crawl starts from and where it may go --------------------------------
# The page the project started from (FACTS.md); any article of the series works.
SERIES_START_URLS = ["https://m.ngwz.net/news/6Qn72MNkKZ.html"]
# Hosts that carry the series. A crawl follows series links on the start page's own host and
# on these, nowhere else. Entries are hostnames (any port) or host:port (that port only).
SERIES_MIRRORS = [
    "m.ngwz.net",
    "www.workercn.cn",
    "workercn.cn",
    "acftu.people.com.cn",
]
# Channel list pages scanned for series titles: an older article never links a newer one.
SERIES_DISCOVERY_URLS: list[str] = [
    "https://www.workercn.cn/quanzong/",
    "https://www.workercn.cn/acftu/",
]
# How many provincial-level federations the series covers (31 provinces; 兵团 unknown).
SERIES_EXPECTED_SIZE = 31
# A run fails when fewer than this share of its articles have published_at / authors.
HEALTH_MIN_COVERAGE = 0.9

# --- Politeness ---------------------------------------------------------------------------
USER_AGENT = (
    "workercn-series-crawler/0.1 (+https://github.com/; research crawler for the 中工网 "
    "全总100周年巡礼 series; obeys robots.txt)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Exponential backoff between retries: crawler.middlewares.BackoffRetryMiddleware.
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # Every request, redirects included, must be on an allowed host (before robots.txt: 100).
    "crawler.middlewares.HostPolicyMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # Decide the page's encoding by evidence, after decompression (590) and before the spider.
    "crawler.middlewares.EncodingEvidenceMiddleware": 580,
}

# --- Pipelines: clean -> normalize -> validate -> store ------------------------------------
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.validate.ValidatePipeline": 300,
    "crawler.pipelines.store.StorePipeline": 400,
}
# The embedded article store (SQLite; one row per article, old versions kept) and the JSON-lines
# export of everything in it, rewritten atomically at the end of each run. Relative paths are
# taken from the working directory; an empty STORE_PATH disables the store, an empty
# EXPORT_PATH the export.
STORE_PATH = "output/articles.sqlite3"
EXPORT_PATH = "output/articles.jsonl"

# --- Incremental runs ----------------------------------------------------------------------
# Scrapy's HTTP cache with the RFC 2616 policy keeps each page with its ETag/Last-Modified;
# requests carry "Cache-Control: max-age=0", so every run revalidates with a conditional
# request and an unchanged page costs a 304, not a download. Pages that come back "cached"
# and are already in the store are not re-extracted.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
    # max-age=0: the cached copy is always stale, so Scrapy revalidates it (If-None-Match /
    # If-Modified-Since). "no-cache" would skip the validators and download in full.
    "Cache-Control": "max-age=0",
}
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_DIR = str(Path("output/httpcache").resolve())
HTTPCACHE_GZIP = True

# --- Export -------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"jsonl": "scrapy.exporters.JsonLinesItemExporter"}

EXTENSIONS = {
    "crawler.report.RunReport": 500,
}
COMMANDS_MODULE = "crawler.commands"

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
