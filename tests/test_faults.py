"""A series crawl over a server that fails in every way a real one does.

The start page's 新闻链接 lists one article per fault. Pages that are eventually reachable
(after retries, redirects or a lying charset) must be exported exactly once, correctly
decoded; the others must not be exported and must be named as failed in the log.
"""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from tests.support.faults import PUBLISHED_ISO, FaultServer, Page, series_title
from tests.support.harness import CrawlResult, run_crawl

START = ("/c/2025-04-10/1000.shtml", "宁夏", "奋力谱写新时代宁夏工运事业新篇章")

# path, fault, province, headline
REACHABLE = [
    ("/c/2025-04-10/1001.shtml", "ok", "北京", "在服务首都发展大局中贡献工会力量"),
    ("/c/2025-04-10/1002.shtml", "status:500:then-ok-after:2", "天津", "赓续百年红色血脉"),
    ("/c/2025-04-10/1003.shtml", "status:503:then-ok-after:1", "河北", "推动职工技能提升"),
    ("/c/2025-04-10/1004.shtml", "redirect-chain:3", "山西", "展示百年工运辉煌历程"),
    ("/c/2025-04-10/1005.shtml", "charset-lie", "内蒙古", "用心用情当好职工“娘家人”"),
    ("/c/2025-04-10/1006.shtml", "no-charset", "辽宁", "唱响“咱们工人有力量”"),
]
UNREACHABLE = [
    ("/c/2025-04-10/2001.shtml", "slow:4", "吉林", "慢得超过下载时限"),
    ("/c/2025-04-10/2002.shtml", "drop", "黑龙江", "连接被直接关闭"),
    ("/c/2025-04-10/2003.shtml", "404", "上海", "页面不存在"),
    # A -> A?loop=1 -> A: the hop back to A must end in an error that names the page (not a
    # silent drop by Scrapy's duplicate filter).
    ("/c/2025-04-10/2004.shtml", "redirect-loop", "江苏", "重定向绕圈"),
    ("/c/2025-04-10/2005.shtml", "binary", "浙江", "二进制文件"),
    ("/c/2025-04-10/2006.shtml", "binary:image/png", "安徽", "一张图片"),
    ("/c/2025-04-10/2007.shtml", "garbage", "福建", "随机字节"),
    ("/c/2025-04-10/2008.shtml", "truncate", "江西", "响应被截断"),
]

FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_BACKOFF_BASE": 0.05,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "SERIES_DISCOVERY_URLS": "",
    "LOG_LEVEL": "INFO",
}


def page_for(province: str, headline: str, links=()) -> Page:
    paragraphs = [
        f"{province}各级工会团结动员广大职工建功新时代，推动产业工人队伍建设改革走深走实。",
        f"一年来，{province}工会组织劳动和技能竞赛，职工参与人数超过十万人次。",
        f"{province}总工会表示，将继续当好职工信赖的“娘家人”，维护职工合法权益。",
    ]
    return Page(province, headline, paragraphs, list(links))


def crawl(srv: FaultServer, tmp_path, start_path: str, **extra: object) -> CrawlResult:
    settings = {**FAST, "SERIES_MIRRORS": srv.netloc, **extra}
    return run_crawl("series", tmp_path, args={"start_url": srv.url(start_path)},
                     settings=settings, timeout=90)


def failed_lines(stderr: str) -> list[str]:
    """The run summary's ``failed: URL (why)`` lines, as ``URL (why)``."""
    return re.findall(r"\bfailed: (\S+ \(.*\))$", stderr, re.M)


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    with FaultServer() as srv:
        links = [
            (srv.url(path), series_title(prov, head)) for path, _, prov, head in REACHABLE + UNREACHABLE
        ]
        start_path, prov, head = START
        srv.route(start_path, "ok", page_for(prov, head, links))
        for path, fault, prov, head in REACHABLE + UNREACHABLE:
            srv.route(path, fault, page_for(prov, head))
        # The series "is" the start page and the pages it links (crawler/report.py fails a run
        # that stores fewer than SERIES_EXPECTED_SIZE series articles).
        result = crawl(srv, tmp, start_path, SERIES_EXPECTED_SIZE=len(links) + 1)
        yield srv, result


def test_every_reachable_article_is_exported_once(fault_run):
    srv, result = fault_run
    provinces = Counter(i["province"] for i in result.items)
    expected = {START[1]} | {prov for _, _, prov, _ in REACHABLE}
    assert set(provinces) == expected, result.stderr[-4000:]
    assert all(n == 1 for n in provinces.values()), provinces


@pytest.mark.parametrize(("path", "fault", "province", "headline"), REACHABLE)
def test_reachable_article_is_complete_and_decoded(fault_run, path, fault, province, headline):
    srv, result = fault_run
    item = result.by_province()[province]
    page = page_for(province, headline)
    assert item["series"] == SERIES
    assert item["title"] == series_title(province, headline)
    assert item["headline"] == headline
    # Exactly the page's paragraphs: decoded right (no mojibake), nothing added or lost.
    assert item["text"] == page.text, (fault, item["text"])
    assert item["published_at"] == PUBLISHED_ISO
    assert item["source"] == "工人日报"
    assert item["authors"] == ["张三", "李四"]
    assert item["byline"] == "本报记者 张三 通讯员 李四"
    assert item["url"].split("?")[0] == srv.url(path)


def test_retried_pages_backed_off_and_stopped_retrying(fault_run):
    srv, _ = fault_run
    hits = srv.requests("/c/2025-04-10/1002.shtml")  # 500 twice, then 200
    assert [h.status for h in hits] == [500, 500, 200]
    gaps = [b.time - a.time for a, b in zip(hits, hits[1:], strict=False)]
    # RETRY_BACKOFF_BASE 0.05: the n-th retry waits 0.05 * 2**(n-1) s.
    assert gaps[0] >= 0.04 and gaps[1] >= 0.09, gaps
    assert [h.status for h in srv.requests("/c/2025-04-10/1003.shtml")] == [503, 200]


def test_redirect_chain_is_followed_to_the_final_url(fault_run):
    srv, result = fault_run
    item = result.by_province()["山西"]
    assert item["url"] == srv.url("/c/2025-04-10/1004.shtml?hop=3")
    assert len(srv.requests("/c/2025-04-10/1004.shtml")) == 4


@pytest.mark.parametrize(("path", "fault", "province", "headline"), UNREACHABLE)
def test_unreachable_article_is_not_exported_and_named_as_failed(
    fault_run, path, fault, province, headline
):
    srv, result = fault_run
    assert province not in result.by_province(), (fault, result.by_province().get(province))
    named = [line for line in failed_lines(result.stderr) if path in line]
    assert named, f"{fault}: {path} not named as failed in the run summary:\n" + "\n".join(
        line for line in result.stderr.splitlines() if "failed" in line.lower()
    )


def test_unreachable_pages_were_actually_tried(fault_run):
    srv, result = fault_run
    for path, fault, _, _ in UNREACHABLE:
        assert srv.requests(path), f"{fault}: {path} was never requested"
    # Transient network faults are retried (RETRY_TIMES 3), permanent ones are not.
    for path in ("/c/2025-04-10/2001.shtml", "/c/2025-04-10/2002.shtml",
                 "/c/2025-04-10/2008.shtml"):  # slow, drop, truncate
        assert f"Gave up retrying <GET {srv.url(path)}> (failed 4 times)" in result.stderr
    assert len(srv.requests("/c/2025-04-10/2001.shtml")) == 4  # slow
    # Twisted's connection pool silently re-sends a request once when a reused keep-alive
    # connection closes before any response, so 4 attempts reach the server 4 to 8 times.
    assert 4 <= len(srv.requests("/c/2025-04-10/2002.shtml")) <= 8  # drop
    assert len(srv.requests("/c/2025-04-10/2003.shtml")) == 1  # 404
    loop = [h.status for h in srv.requests("/c/2025-04-10/2004.shtml")]
    assert loop and set(loop) == {302} and len(loop) <= 11, loop  # REDIRECT_MAX_TIMES 10


@pytest.mark.parametrize("path", ["/c/2025-04-10/2005.shtml", "/c/2025-04-10/2006.shtml"])
def test_binary_content_type_is_reported_as_not_html(fault_run, path):
    # crawler/spiders/base.py has a "not HTML" branch for such responses; it must be the
    # reason given for an application/octet-stream or image/png body, whatever the URL ends in.
    srv, result = fault_run
    assert f"{srv.url(path)} (not HTML)" in failed_lines(result.stderr), [
        line for line in failed_lines(result.stderr) if path in line
    ]


def test_no_item_has_empty_text(fault_run):
    _, result = fault_run
    assert result.items
    for item in result.items:
        assert item["text"].strip(), item["url"]
        assert item["content_hash"]


def test_run_summary_counts_items_and_failures(fault_run):
    _, result = fault_run
    line = re.search(r"Run summary \(series\): (.*)$", result.stderr, re.M)
    assert line, result.stderr[-3000:]
    counts = {name: int(n) for n, name in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", line[1])}
    assert counts["items"] == 1 + len(REACHABLE), line[0]
    assert counts["dropped"] == 0, line[0]
    assert counts["failed pages"] == len(UNREACHABLE), line[0]


def test_lost_articles_fail_the_run_with_one_sentence(fault_run):
    # crawler/outcome.py: a series run that could not store every member its links name did
    # not do its job (docs/contract.md); it says so, naming them, and exits 1.
    _, result = fault_run
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, errors
    m = re.fullmatch(r"Error: Only (\d+) of the (\d+) series members named by the links were "
                     r"stored in this run \(missing: (.+)\)\.", errors[0])
    assert m, errors[0]
    assert int(m[2]) - int(m[1]) >= len(UNREACHABLE)
    missing = set(m[3].split("、"))
    assert {prov for _, _, prov, _ in UNREACHABLE} <= missing
    assert not missing & {prov for _, _, prov, _ in REACHABLE}


def test_an_unreachable_named_member_fails_the_run_and_is_named(tmp_path):
    # A member named by a series link whose page is gone (404) is reported in the summary and
    # fails the run (issue 10: the members the links name are the expected set); what could be
    # fetched is still stored and exported.
    with FaultServer() as srv:
        links = [(srv.url("/c/2025-04-10/3101.shtml"), series_title("北京", "正常的文章")),
                 (srv.url("/c/2025-04-10/3102.shtml"), series_title("天津", "不存在的文章"))]
        srv.route("/c/2025-04-10/3100.shtml", "ok", page_for("宁夏", "起始页", links))
        srv.route("/c/2025-04-10/3101.shtml", "ok", page_for("北京", "正常的文章"))
        result = crawl(srv, tmp_path, "/c/2025-04-10/3100.shtml", SERIES_EXPECTED_SIZE=2)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "(missing: 天津)" in errors[0], errors
    assert sorted(result.by_province()) == ["北京", "宁夏"]
    assert failed_lines(result.stderr) == [f"{srv.url('/c/2025-04-10/3102.shtml')} (HTTP 404)"]


def test_unreachable_start_page_fails_the_run(tmp_path):
    with FaultServer() as srv:
        srv.route("/c/2025-04-10/3000.shtml", "status:500:then-ok-after:99",
                  page_for("宁夏", "起始页一直出错"))
        result = crawl(srv, tmp_path, "/c/2025-04-10/3000.shtml")
    assert result.returncode == 1
    assert result.items == []
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: The start page {srv.url('/c/2025-04-10/3000.shtml')} could not be fetched "
        "(HTTP 500)."
    ]
    assert "Traceback" not in result.stderr


# -- huge pages ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def huge_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("huge")
    with FaultServer() as srv:
        many = page_for("湖北", "一万个链接")
        many.extra_body = "\n".join(
            f'<p><a href="/x/{i}.shtml">相关报道第{i}篇</a></p>' for i in range(10_000)
        )
        deep = page_for("湖南", "三千层嵌套")
        deep.extra_body = "<div>" * 3000 + "<p>埋在三千层之下的文字。</p>" + "</div>" * 3000
        paths = {
            "links": ("/c/2025-04-10/4001.shtml", "ok", many),
            "deep": ("/c/2025-04-10/4002.shtml", "ok", deep),
            "bytes": ("/c/2025-04-10/4003.shtml", "huge:bytes:20000000",
                      page_for("广东", "二十兆的页面")),
        }
        links = [(srv.url(p), pg.title) for p, _, pg in paths.values()]
        # The start page itself also carries 10,000 series-looking links to a path nobody
        # serves, after the real ones: the crawler must not request them all.
        flood = [(srv.url(f"/flood/{i}.shtml"), series_title("海南", f"洪水{i}"))
                 for i in range(10_000)]
        srv.route(START[0], "ok", page_for(START[1], START[2], links + flood))
        for path, fault, pg in paths.values():
            srv.route(path, fault, pg)
        started = time.monotonic()
        result = crawl(srv, tmp, START[0], SERIES_EXPECTED_SIZE=3)  # 宁夏, 湖北, 湖南
        elapsed = time.monotonic() - started
        yield srv, result, paths, elapsed


def test_huge_pages_complete_in_time(huge_run):
    srv, result, paths, elapsed = huge_run
    assert elapsed < 60, elapsed
    assert "Traceback" not in result.stderr
    # The 20 MB page (refused) and the flood's 404 link are named members that could not be
    # stored: the run says so and exits 1; the huge-link and deep pages are still exported.
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert result.returncode == 1 and len(errors) == 1 and "missing:" in errors[0], errors


def test_huge_link_and_deep_pages_are_exported_and_logged(huge_run):
    srv, result, paths, _ = huge_run
    by = result.by_province()
    for key, province in (("links", "湖北"), ("deep", "湖南")):
        path, _, page = paths[key]
        assert province in by, f"{key}: not exported\n{result.stderr[-3000:]}"
        assert by[province]["text"].startswith(page.text), key
        assert re.search(rf"Page {re.escape(srv.url(path))} exceeded the size bounds",
                         result.stderr), f"{key}: truncation not logged"
    # The buried text is past the depth bound; it is dropped, not crashed on.
    assert "埋在三千层之下" not in by["湖南"]["text"]


def test_flood_of_series_links_costs_one_request(huge_run):
    srv, _, _, _ = huge_run
    flood = [h for h in srv.requests() if h.path.startswith("/flood/")]
    assert len(flood) == 1  # one province (海南), requested once: the rest are duplicates
    assert not [h for h in srv.requests() if h.path.startswith("/x/")]


def test_oversized_body_is_refused_and_named(huge_run):
    srv, result, paths, _ = huge_run
    path = paths["bytes"][0]
    assert "广东" not in result.by_province()
    assert any(path in line for line in failed_lines(result.stderr)), result.stderr[-3000:]
