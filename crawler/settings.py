"""Scrapy settings for the series crawler.

Defaults are polite for the real sites; tests and the offline demo override the start pages
and mirrors with ``-s`` / ``Crawler.settings``. Each default is written once, here; only
settings that differ from Scrapy's defaults are set. What a valid value of each setting the
project reads is: ``crawler/config.py`` (checked before a crawl starts).
"""

from pathlib import Path

from crawler.clean import series as _series  # lower case: not a setting itself

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- What the series crawl starts from and where it may go --------------------------------
# The page the project started from; any article of the series works.
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
# The series a crawl follows. Empty: learned from the start page (its title and the titles of
# its links), the default series when the page shows none. ``-a series=NAME`` does the same.
SERIES_NAME = ""
# A full series run fails when fewer members of a series than this are stored (this run's plus
# the earlier ones): series name -> floor. The default series covers the 31 provincial-level
# federations (兵团 unknown). ``-s SERIES_MIN_MEMBERS='{"<series>": N}'`` on the command line.
SERIES_MIN_MEMBERS = {_series.DEFAULT_SERIES_NAME: 31}
# Older name of the default series' floor; when set, it overrides SERIES_MIN_MEMBERS for it.
SERIES_EXPECTED_SIZE = None
# A run fails when fewer than this share of its articles have published_at / authors.
HEALTH_MIN_COVERAGE = 0.9

# --- Safety bounds for hostile pages --------------------------------------------------------
# Elements deeper than this are not read; at most this many text blocks per page; at most this
# many links per page are looked at (a page with 10,000 links costs no more than this).
MAX_DEPTH = 200
MAX_BLOCKS = 5000
MAX_LINKS_PER_PAGE = 2000

# --- Politeness ---------------------------------------------------------------------------
# Whoever runs the crawler against the live sites should add their contact here.
USER_AGENT = (
    "workercn-series-crawler/0.1 (+see README; contact: set USER_AGENT; research crawler for "
    "the 中工网 全总100周年巡礼 series; obeys robots.txt)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 3
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
    # Sanitize every HTML tree once (scripts, hidden elements, on* handlers), after the
    # encoding is decided (580) and retries are settled (550): every reader sees it clean.
    "crawler.middlewares.SanitizeMiddleware": 540,
}

# --- Pipelines: clean -> normalize -> validate -> store ------------------------------------
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.validate.ValidatePipeline": 300,
    "crawler.pipelines.store.StorePipeline": 400,
}
# The embedded article store (SQLite; one row per article, old versions kept) and the JSON-lines
# export of everything in it (or of the series EXPORT_SERIES names), rewritten atomically at the
# end of each run. Relative paths are taken from the working directory; an empty STORE_PATH
# disables the store, an empty EXPORT_PATH the export.
STORE_PATH = "output/articles.sqlite3"
EXPORT_PATH = "output/articles.jsonl"
EXPORT_SERIES = ""

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
HTTPCACHE_DIR = str(Path("output/httpcache").resolve())
HTTPCACHE_GZIP = True
# Scrapy's filesystem storage, each entry written whole (a killed crawl leaves no torn entry).
HTTPCACHE_STORAGE = "crawler.httpcache.AtomicFilesystemCacheStorage"

# --- Export -------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"

# --- The run's verdict: summary, health checks, exit code (crawler/outcome.py) --------------
EXTENSIONS = {
    "crawler.outcome.RunOutcome": 500,
}
COMMANDS_MODULE = "crawler.commands"

LOG_LEVEL = "INFO"
