"""Fast in-process tests of the downloader middlewares and the host policy they enforce.

No engine, no network: each middleware is built from a Scrapy crawler and called with
requests and responses made here. The crawls that exercise the same code over real HTTP are in
test_faults.py, test_hostile.py and test_retry_delay.py.
"""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from crawler.links import HostPolicy
from crawler.middlewares import HostPolicyMiddleware

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
