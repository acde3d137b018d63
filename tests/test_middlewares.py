"""Fast in-process tests of the downloader middlewares and the host policy they enforce.

No engine, no network: each middleware is built from a Scrapy crawler and called with
requests and responses made here. The crawls that exercise the same code over real HTTP are in
test_faults.py, test_hostile.py and test_retry_delay.py.
"""

from __future__ import annotations

import time

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

import crawler.middlewares
from crawler.clean.mojibake import looks_like_mojibake
from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from crawler.links import HostPolicy
from crawler.middlewares import (
    BackoffRetryMiddleware,
    EncodingEvidenceMiddleware,
    HostPolicyMiddleware,
    SanitizeMiddleware,
    declared_encodings,
    encoding_by_evidence,
)

START = "http://127.0.0.1:8001/c/2025-04-10/1.shtml"


def crawler_with(policy: HostPolicy | None, settings: dict | None = None):
    crawler = get_crawler(Spider, settings)
    crawler.spider = crawler._create_spider("test")
    if policy is not None:
        crawler.spider.host_policy = policy
    crawler.stats.open_spider()
    return crawler


# -- HostPolicy ------------------------------------------------------------------------------

POLICY = HostPolicy.build([START], ["127.0.0.1:8002", "www.workercn.cn"])


@pytest.mark.parametrize("url", [
    START,
    "http://127.0.0.1:8001/robots.txt",
    "http://127.0.0.1:8002/x.shtml",
    "http://www.workercn.cn/c/1.shtml",
    "https://www.workercn.cn/c/1.shtml",
    "http://WWW.WORKERCN.CN:80/c/1.shtml",
])
def test_policy_allows(url):
    assert POLICY.allows(url)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8003/x.shtml",  # other port
    "http://127.0.0.2:8001/x.shtml",  # other loopback address
    "http://localhost:8001/x.shtml",  # same machine, other name
    "http://www.workercn.cn:8080/c/1.shtml",  # hostname entry: default port only
    "ftp://127.0.0.1:8001/x",
    "javascript:alert(1)",
    "http://user:pw@127.0.0.1:8001/x.shtml",
    "http://127.0.0.1:8001@127.0.0.2:8001/x.shtml",
    "http://127.0.0.1:99999/x.shtml",  # invalid port
])
def test_policy_refuses(url):
    assert not POLICY.allows(url)


def test_empty_policy_allows_nothing():
    empty = HostPolicy.build([], [])
    assert not empty.allows(START)


# -- HostPolicyMiddleware ------------------------------------------------------------------------

def test_host_policy_middleware_lets_allowed_requests_and_their_robots_txt_through():
    crawler = crawler_with(POLICY)
    mw = HostPolicyMiddleware.from_crawler(crawler)
    assert mw.process_request(Request(START)) is None
    # RobotsTxtMiddleware's own request goes through the same chain: allowed hosts only.
    assert mw.process_request(Request("http://127.0.0.1:8001/robots.txt")) is None
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("http://127.0.0.2:8001/robots.txt"))
    assert crawler.stats.get_value("hostpolicy/refused") == 1


@pytest.mark.parametrize("policy", [None, HostPolicy.build([], [])], ids=["missing", "empty"])
def test_host_policy_middleware_fails_closed_without_a_policy(policy):
    # A spider that never set a policy (or set an empty one) must not be able to fetch
    # anything: the middleware is the last lock, not an optional one.
    crawler = crawler_with(policy)
    mw = HostPolicyMiddleware.from_crawler(crawler)
    for url in (START, "http://127.0.0.1:8001/robots.txt"):
        with pytest.raises(IgnoreRequest, match="no host policy"):
            mw.process_request(Request(url))
    assert crawler.stats.get_value("hostpolicy/refused") == 2


# -- encodings ---------------------------------------------------------------------------------

TEXT = f"{SERIES}丨宁夏工会：奋力谱写新时代宁夏工运事业新篇章。"


def html(charset: str | None, text: str = TEXT, repeat: int = 1) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>t</title></head><body>{('<p>' + text + '</p>') * repeat}" \
        "</body></html>"


def evidence(body: bytes, content_type: str = "text/html") -> str:
    return encoding_by_evidence(body, declared_encodings(body, content_type))


def test_declared_encodings_reads_header_then_markup_with_w3lib():
    body = html("gb2312").encode("gbk")
    assert declared_encodings(body, "text/html; charset=UTF-8") == ["utf-8", "gb18030"]
    assert declared_encodings(b'<meta http-equiv="Content-Type" content="text/html; '
                              b'charset=gbk">') == ["gb18030"]
    assert declared_encodings(b"<p>no declaration</p>", "text/html") == []


@pytest.mark.parametrize("shift", [0, 1, 2])
def test_big_utf8_page_is_utf8_in_every_alignment(shift):
    body = ("x" * shift + html("utf-8", TEXT, 3000)).encode("utf-8")
    assert len(body) > 262144
    assert evidence(body, "text/html; charset=utf-8") == "utf-8"


def test_utf8_page_with_one_stray_byte_is_utf8():
    body = html(None).encode("utf-8").replace(b"<title>", b"<title>\xff", 1)
    assert evidence(body, "text/html; charset=utf-8") == "utf-8"
    assert evidence(body) == "utf-8"


def test_cut_last_character_is_still_utf8():
    body = html("utf-8", TEXT, 20).encode("utf-8")[:-20]
    body = body[:-1] if body[-1] < 0x80 else body
    assert evidence(body) == "utf-8"


def test_gbk_page_with_a_few_bad_bytes_is_gbk():
    body = html("gb2312", TEXT, 20).encode("gbk").replace(b"<title>", b"<title>\xff\xff", 1)
    assert evidence(body) == "gb18030"


def test_kept_behaviours():
    assert evidence(html("gb2312").encode("utf-8")) == "utf-8"  # GB2312 declared, UTF-8 bytes
    gbk = html(None, TEXT, 5).encode("gbk")
    assert evidence(gbk, "text/html; charset=utf-8") == "gb18030"  # header lies
    assert evidence(html("gb18030", "𠀀" + TEXT).encode("gb18030")) == "gb18030"
    assert evidence(codecs_bom("utf-16-le") + html(None).encode("utf-16-le")) == "utf-16-le"


def codecs_bom(encoding: str) -> bytes:
    import codecs

    return {"utf-16-le": codecs.BOM_UTF16_LE}[encoding]


def respond(body: bytes, content_type: str) -> HtmlResponse:
    crawler = crawler_with(POLICY)
    mw = EncodingEvidenceMiddleware.from_crawler(crawler)
    response = HtmlResponse(START, body=body, headers={"Content-Type": content_type})
    return mw.process_response(Request(START), response)


def test_middleware_redecodes_through_scrapy_with_replacement():
    body = html("utf-8", TEXT, 3000).encode("utf-8").replace(b"<title>", b"<title>\xff", 1)
    response = respond(body, "text/html; charset=gb2312")
    assert response.encoding == "utf-8"
    assert TEXT in response.text and not looks_like_mojibake(response.text)
    assert response.text.count("\ufffd") == 1
    assert response.xpath("//p/text()").get() == TEXT


def test_middleware_keeps_a_right_response_as_is():
    body = html("utf-8").encode("utf-8")
    response = HtmlResponse(START, body=body, headers={"Content-Type": "text/html"})
    mw = EncodingEvidenceMiddleware.from_crawler(crawler_with(POLICY))
    assert mw.process_response(Request(START), response) is response


# -- retries: returned at once, kept out of the scheduler until due --------------------------

class Timers:
    """Stands in for scrapy.utils.asyncio.call_later (no reactor runs in these tests)."""

    def __init__(self) -> None:
        self.calls: list[list] = []

    def __call__(self, delay, func, *args):
        call = [delay, func, args, False]
        self.calls.append(call)

        class Handle:
            def cancel(self_inner) -> None:
                call[3] = True

        return Handle()


@pytest.fixture
def retry_mw(monkeypatch):
    timers = Timers()
    monkeypatch.setattr(crawler.middlewares, "call_later", timers)
    mw = BackoffRetryMiddleware.from_crawler(crawler_with(
        POLICY, {"RETRY_BACKOFF_BASE": 2.0, "RETRY_BACKOFF_MAX": 5.0, "RETRY_TIMES": 5}))
    return mw, timers


def test_retry_is_returned_at_once_with_its_not_before_time(retry_mw):
    mw, _ = retry_mw
    request = Request(START)
    before = time.time()
    retry = mw.process_response(request, Response(START, status=503))
    assert isinstance(retry, Request)  # not a coroutine: nothing waited
    assert retry.meta["retry_times"] == 1
    assert before + 2.0 <= retry.meta["retry_not_before"] <= time.time() + 2.0
    again = mw.process_response(retry, Response(START, status=503))
    assert again.meta["retry_not_before"] >= time.time() + 3.9  # 2 * 2**1
    third = mw.process_response(again, Response(START, status=503))
    assert third.meta["retry_not_before"] <= time.time() + 5.0  # RETRY_BACKOFF_MAX
    ok = Response(START, status=200)
    assert mw.process_response(request, ok) is ok


def test_waiting_retry_is_kept_out_of_the_scheduler_until_due(retry_mw):
    mw, timers = retry_mw
    retry = mw.process_exception(Request(START), TimeoutError())
    with pytest.raises(IgnoreRequest):
        mw.request_scheduled(retry)
    [(delay, func, args, _)] = timers.calls
    assert 1.9 <= delay <= 2.0 and args == (retry,)
    with pytest.raises(DontCloseSpider):  # the spider stays open while it waits
        mw.spider_idle()
    # Due: it passes into the scheduler.
    retry.meta["retry_not_before"] = time.time() - 1
    assert mw.request_scheduled(retry) is None
    assert mw.request_scheduled(Request(START)) is None  # not a retry


def test_release_crawls_the_retry_and_close_cancels_the_rest(retry_mw):
    mw, timers = retry_mw
    crawled = []
    mw.crawler.engine = type("Engine", (), {"spider": mw.crawler.spider,
                                            "crawl": lambda self, r: crawled.append(r)})()
    first = mw.process_response(Request(START), Response(START, status=503))
    second = mw.process_response(Request(START + "?b"), Response(START, status=503))
    for r in (first, second):
        with pytest.raises(IgnoreRequest):
            mw.request_scheduled(r)
    timers.calls[0][1](*timers.calls[0][2])  # first's timer fires
    assert crawled == [first]
    mw.spider_closed(reason="shutdown")
    assert timers.calls[1][3] is True  # cancelled
    assert mw.waiting == {}
    mw.spider_idle()  # nothing waits: may close


# -- sanitizing every response once ------------------------------------------------------------

HIDDEN = (b'<html><body><p onclick="x()">visible <a href="/a.shtml">a</a></p>'
          b'<div style="display:none"><a href="/hidden.shtml">h</a></div>'
          b'<template><a href="/template.shtml">t</a></template></body></html>')


def test_sanitize_middleware_cleans_the_tree_every_reader_gets():
    mw = SanitizeMiddleware.from_crawler(crawler_with(POLICY))
    sent = HtmlResponse(START, body=HIDDEN, encoding="utf-8")
    response = mw.process_response(Request(START), sent)
    # The spider's own reads (links, CSS) go through the same cached selector.
    assert response.xpath("//a/@href").getall() == ["/a.shtml"]
    assert response.css("[onclick]") == []
    assert response.selector is response.selector  # parsed and sanitized once
    assert response.body == HIDDEN  # bytes untouched: cache and page_sha256 see the page
    assert response.url == sent.url and response.encoding == sent.encoding


def test_sanitize_middleware_reads_text_but_not_xml_or_binary():
    mw = SanitizeMiddleware.from_crawler(crawler_with(POLICY))
    text = TextResponse(START, body=HIDDEN, encoding="utf-8")
    assert mw.process_response(Request(START), text).xpath("//a/@href").getall() == ["/a.shtml"]
    xml = XmlResponse(START, body=b"<rss><item hidden='1'><a href='/x'/></item></rss>")
    assert mw.process_response(Request(START), xml) is xml
    assert xml.xpath("//a/@href").getall() == ["/x"]
    binary = Response(START, body=b"\x89PNG")
    assert mw.process_response(Request(START), binary) is binary


# -- what the crawl tests cannot see: counters, edge inputs, late timers ---------------------

def test_a_page_that_really_contains_replacement_characters_is_still_utf8():
    # U+FFFD sent as bytes (EF BF BD) is text, not a decoding error.
    body = html("gb2312", "\ufffd" * 40 + "ok").encode("utf-8")
    assert evidence(body, "text/html; charset=gb2312") == "utf-8"


def test_empty_body_is_passed_through_untouched():
    mw = EncodingEvidenceMiddleware.from_crawler(crawler_with(POLICY))
    empty = HtmlResponse(START, body=b"", headers={"Content-Type": "text/html; charset=gbk"})
    assert mw.process_response(Request(START), empty) is empty


def test_a_declared_charset_that_lies_is_counted_once_per_page():
    crawler = crawler_with(POLICY)
    mw = EncodingEvidenceMiddleware.from_crawler(crawler)
    right = HtmlResponse(START, body=html("utf-8").encode("utf-8"),
                         headers={"Content-Type": "text/html; charset=utf-8"})
    mw.process_response(Request(START), right)
    assert crawler.stats.get_value("encoding/declared_mismatch") is None
    lying = HtmlResponse(START, body=html("utf-8", TEXT, 20).encode("utf-8"),
                         headers={"Content-Type": "text/html; charset=gb2312"})
    assert mw.process_response(Request(START), lying).encoding == "utf-8"
    assert crawler.stats.get_value("encoding/declared_mismatch") == 1


def test_sanitize_counts_the_trees_it_cleaned():
    crawler = crawler_with(POLICY)
    mw = SanitizeMiddleware.from_crawler(crawler)
    mw.process_response(Request(START), HtmlResponse(START, body=HIDDEN, encoding="utf-8"))
    mw.process_response(Request(START), Response(START, body=b"\x89PNG"))
    mw.process_response(Request(START), XmlResponse(START, body=b"<rss/>"))
    assert crawler.stats.get_value("sanitize/responses") == 1


def test_no_backoff_base_means_no_wait():
    mw = BackoffRetryMiddleware.from_crawler(crawler_with(
        POLICY, {"RETRY_BACKOFF_BASE": 0, "RETRY_TIMES": 2}))
    retry = mw.process_response(Request(START), Response(START, status=503))
    assert isinstance(retry, Request)
    assert BackoffRetryMiddleware.NOT_BEFORE not in retry.meta
    assert mw.request_scheduled(retry) is None


def test_a_far_stamp_waits_no_longer_than_the_backoff_max(retry_mw):
    # A stamp from another clock (a resumed JOBDIR) must not park a request for hours.
    mw, timers = retry_mw
    request = Request(START, meta={BackoffRetryMiddleware.NOT_BEFORE: time.time() + 3600})
    with pytest.raises(IgnoreRequest):
        mw.request_scheduled(request)
    [(delay, _, _, _)] = timers.calls
    assert delay == 5.0  # RETRY_BACKOFF_MAX


def test_a_timer_that_fires_late_crawls_nothing(retry_mw):
    mw, timers = retry_mw
    crawled = []
    engine = type("Engine", (), {"spider": mw.crawler.spider,
                                 "crawl": lambda self, r: crawled.append(r)})()
    mw.crawler.engine = engine
    first = mw.process_response(Request(START), Response(START, status=503))
    second = mw.process_response(Request(START + "?b"), Response(START, status=503))
    for r in (first, second):
        with pytest.raises(IgnoreRequest):
            mw.request_scheduled(r)
    mw.spider_closed(reason="finished")
    timers.calls[0][1](*timers.calls[0][2])  # cancelled, but the callback ran anyway
    assert crawled == []
    # A retry due after the engine closed its spider is not handed to it.
    with pytest.raises(IgnoreRequest):
        mw.request_scheduled(second)
    engine.spider = None
    timers.calls[-1][1](*timers.calls[-1][2])
    assert crawled == [] and mw.waiting == {}
