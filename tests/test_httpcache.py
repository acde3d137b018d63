"""The HTTP cache storage: a crawl killed while it writes an entry leaves the old entry whole
(or none), never metadata over a cut body that a 304 would then hand to the extractor."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.httpcache import AtomicFilesystemCacheStorage

URL = "http://127.0.0.1:9/c/2025-04-15/8462745.shtml"
OLD = "<html><body><p>陕西工会：旧的正文。</p></body></html>".encode()
NEW = "<html><body><p>陕西工会：新的正文。</p></body></html>".encode()


class Killed(BaseException):  # like SIGKILL: nothing after it runs, no except clause sees it
    pass


def _storage(cls, tmp_path):
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True})
    spider = Spider("series")
    spider.crawler = crawler
    storage = cls(crawler.settings)
    storage.open_spider(spider)
    return storage, spider


def _kill_when_writing_the_body(storage) -> None:
    real_open = storage._open

    def dying_open(path, mode="rb"):
        if "w" in mode and str(path).endswith("response_body"):
            raise Killed
        return real_open(path, mode)

    storage._open = dying_open


@pytest.mark.parametrize(("cls", "torn"), [
    (AtomicFilesystemCacheStorage, False),
    (FilesystemCacheStorage, True),  # the premise: Scrapy's own storage tears
])
def test_a_kill_while_storing_leaves_the_old_entry_whole(tmp_path, cls, torn):
    storage, spider = _storage(cls, tmp_path)
    request = Request(URL)
    storage.store_response(spider, request, HtmlResponse(URL, body=OLD, status=200))
    _kill_when_writing_the_body(storage)
    with pytest.raises(Killed):
        storage.store_response(spider, request, HtmlResponse(URL, body=NEW, status=203))
    fresh, _ = _storage(cls, tmp_path)  # the next run
    cached = fresh.retrieve_response(spider, Request(URL))
    assert cached is not None
    whole = (cached.status, cached.body) == (200, OLD)
    assert whole is not torn


def test_entries_round_trip_and_are_replaced(tmp_path):
    storage, spider = _storage(AtomicFilesystemCacheStorage, tmp_path)
    assert storage.retrieve_response(spider, Request(URL)) is None
    storage.store_response(spider, Request(URL), HtmlResponse(URL, body=OLD))
    storage.store_response(spider, Request(URL), HtmlResponse(URL, body=NEW))
    assert storage.retrieve_response(spider, Request(URL)).body == NEW
    leftovers = [p.name for p in tmp_path.rglob(".*") if p.is_dir()]
    assert leftovers == []
