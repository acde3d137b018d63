"""Hostile pages: links and redirects to places a crawl must not go, and markup that must not
reach an item's text (scripts, styles, comments, hidden elements, event handlers).

A second loopback server (``trap``) stands for "somewhere else": it records every request and
must receive none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.support.faults import FaultServer, Page, series_title
from tests.support.harness import run_crawl

FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_BACKOFF_BASE": 0.05,
    "SERIES_DISCOVERY_URLS": "",
    # DEBUG: every request the downloader makes is logged, so an attempt on a host that does
    # not listen (127.0.0.2) is visible too.
    "LOG_LEVEL": "DEBUG",
}


def page_for(province: str, headline: str, links=()) -> Page:
    return Page(province, headline, [
        f"{province}各级工会团结动员广大职工建功新时代，推动产业工人队伍建设改革走深走实。",
        f"一年来，{province}工会组织劳动和技能竞赛，职工参与人数超过十万人次。",
    ], list(links))


def hostile_links(srv: FaultServer, trap: FaultServer) -> list[tuple[str, str, str]]:
    """(province, href as written on the page, what it is)."""
    p, p2 = srv.port, trap.port
    return [
        ("北京", f"http://127.0.0.2:{p2}/a.shtml", "another loopback address"),
        ("天津", f"http://localhost:{p2}/b.shtml", "localhost, other port"),
        ("河北", f"http://127.0.0.1:{p2}/c.shtml", "same address, other port"),
        ("山西", "javascript:alert(1)", "javascript: URL"),
        ("内蒙古", "data:text/html,<h1>x</h1>", "data: URL"),
        ("辽宁", "file:///etc/passwd", "file: URL"),
        ("吉林", "ftp://127.0.0.1/x", "ftp: URL"),
        ("黑龙江", f"http://user:pw@127.0.0.1:{p}/cred.shtml", "credentials in the URL"),
        ("上海", f"//127.0.0.1:{p2}/d.shtml", "scheme-relative, other port"),
        ("江苏", f"http://127.0.0.1:{p}@127.0.0.1:{p2}/e.shtml", "allowed host as userinfo"),
        ("浙江", f"http://LOCALHOST:{p2}/f.shtml", "upper-case localhost"),
        ("安徽", f"http://127.0.0.1:{p}\\@127.0.0.1:{p2}/g.shtml", "backslash userinfo"),
        ("福建", f"http://127.0.0.1:{p2}#@127.0.0.1:{p}/h.shtml", "fragment trick"),
    ]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Iterator[tuple[FaultServer, FaultServer, object, list]]:
    tmp = tmp_path_factory.mktemp("hostile")
    with FaultServer() as srv, FaultServer() as trap:
        bad = hostile_links(srv, trap)
        links = [(href, series_title(prov, "不该访问的链接")) for prov, href, _ in bad]
        links += [
            (srv.url("/c/2025-04-10/5001.shtml"), series_title("江西", "允许的文章")),
            ("5002.shtml", series_title("山东", "相对地址的文章")),  # relative: same host
            (srv.url("/c/2025-04-10/5003.shtml"), series_title("河南", "跳到别处的文章")),
        ]
        srv.route("/c/2025-04-10/5000.shtml", "ok", page_for("宁夏", "起始页", links))
        srv.route("/c/2025-04-10/5001.shtml", "ok", page_for("江西", "允许的文章"))
        srv.route("/c/2025-04-10/5002.shtml", "ok", page_for("山东", "相对地址的文章"))
        srv.route("/c/2025-04-10/5003.shtml", f"redirect-to:{trap.url('/stolen.shtml')}",
                  page_for("河南", "跳到别处的文章"))
        srv.route("/cred.shtml", "ok", page_for("黑龙江", "带口令的链接"))
        for path in ("/a.shtml", "/b.shtml", "/c.shtml", "/d.shtml", "/e.shtml", "/f.shtml",
                     "/g.shtml", "/h.shtml", "/stolen.shtml"):
            trap.route(path, "ok", page_for("海南", "陷阱"))
        result = run_crawl(
            "series", tmp, args={"start_url": srv.url("/c/2025-04-10/5000.shtml")},
            settings={**FAST, "SERIES_MIRRORS": srv.netloc, "SERIES_EXPECTED_SIZE": 3},
            timeout=90,
        )
        yield srv, trap, result, bad


def test_trap_server_receives_no_request(hostile_run):
    _, trap, result, _ = hostile_run
    assert trap.requests() == [], trap.requests()
    # Nothing was even attempted on a host that is not allowed (127.0.0.2 does not listen,
    # so an attempt would show only in the log).
    attempts = re.findall(
        r"(?:Crawled \(\d+\)|Error downloading|Gave up retrying|Retrying) <GET (\S+)>",
        result.stderr,
    )
    assert attempts
    bad = [u for u in attempts if not u.startswith(hostile_run[0].url("/"))]
    assert not bad, bad


def test_allowed_links_are_followed(hostile_run):
    srv, _, result, _ = hostile_run
    # The link whose redirect leaves the allowed hosts names a member that cannot be stored:
    # the run exits 1 and names it; every allowed link was followed and exported.
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert set(result.by_province()) == {"宁夏", "江西", "山东"}, result.stderr[-3000:]
    assert result.by_province()["山东"]["url"] == srv.url("/c/2025-04-10/5002.shtml")
    assert srv.requests("/c/2025-04-10/5003.shtml"), "the redirecting page was requested"
    assert srv.requests("/cred.shtml") == []
    # robots.txt requests pass the same host policy (which fails closed): allowed here.
    assert [h.status for h in srv.requests("/robots.txt")] == [200]


def test_every_hostile_link_is_refused_in_the_log(hostile_run):
    srv, _, result, bad = hostile_run
    refused = re.findall(r"Refusing series link to a host not allowed: (.+)$", result.stderr,
                         re.M)
    assert len(refused) == len(bad), refused
    for _, href, what in bad:
        assert any(href.split("/")[-1] in r for r in refused), (what, href, refused)


def test_redirect_to_another_host_is_refused_and_named(hostile_run):
    srv, trap, result, _ = hostile_run
    assert f"Refused request to a host that is not allowed: {trap.url('/stolen.shtml')}" in (
        result.stderr
    )
    assert "河南" not in result.by_province()
    assert re.search(r"failed: \S*(5003\.shtml|stolen\.shtml) \(", result.stderr), (
        "the refused redirect is not in the run summary"
    )


def test_article_spider_refuses_redirect_off_host(tmp_path):
    with FaultServer() as srv, FaultServer() as trap:
        trap.route("/stolen.shtml", "ok", page_for("海南", "陷阱"))
        url = srv.route("/c/2025-04-10/5100.shtml", f"redirect-to:{trap.url('/stolen.shtml')}")
        result = run_crawl("article", tmp_path, args={"url": url}, settings=FAST, timeout=60)
        assert trap.requests() == []
    assert result.items == []
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "not allowed" in errors[0], errors
    assert "Traceback" not in result.stderr


# -- markup that must never reach a text field --------------------------------------------

LEAK = re.compile(r"泄露|LEAK|alert|onclick|onerror|display|visibility")

_HOSTILE_BODY = """
  <p>　　第一段正文，开头。<script>var x = "泄露正文脚本 LEAK";</script>第一段继续。</p>
  <style>p {{ color: red }} /* 泄露正文样式 LEAK */</style>
  <!-- 泄露正文注释 LEAK -->
  <p style="display: none">泄露隐藏段落，不应出现。</p>
  <p style="color:red;DISPLAY:NONE">泄露大写隐藏段落。</p>
  <p hidden>泄露hidden属性段落。</p>
  <div style="visibility:hidden"><p>泄露不可见段落。</p></div>
  <p aria-hidden="true">泄露读屏隐藏段落。</p>
  <p onclick="alert('泄露事件处理 LEAK')" onmouseover="LEAK()">第二段正文，带有事件处理器。</p>
  <p>第三段<span style="display:none">泄露行内隐藏</span>正文，行内有隐藏文字。</p>
  <noscript><p>泄露noscript段落。</p></noscript>
  <template><p>泄露模板段落。</p></template>
  <iframe srcdoc="&lt;p&gt;泄露iframe&lt;/p&gt;">泄露iframe回退文字</iframe>
  <p>第四段正文<!-- 泄露行内注释 -->，注释之后。<img src="/p.png" onerror="alert('LEAK')"></p>
  <p><a href="javascript:alert('泄露链接脚本')" onclick="LEAK()">第五段正文是一个链接。</a></p>
  <script type="text/template"><p>泄露模板脚本</p></script>
  <svg><text>泄露svg文字</text></svg>
  <form><textarea>泄露文本框</textarea><button>泄露按钮</button></form>
"""
EXPECTED_PARAGRAPHS = [
    "第一段正文，开头。第一段继续。",
    "第二段正文，带有事件处理器。",
    "第三段正文，行内有隐藏文字。",
    "第四段正文，注释之后。",
    "第五段正文是一个链接。",
]

_HEAD = """<head><meta charset="utf-8"><title>{title}</title>
<script>document.title = "泄露头部脚本 LEAK";</script>
<style>body {{ background: url("LEAK.png") }}</style></head>"""

WORKERCN_PAGE = """<!DOCTYPE html><html>""" + _HEAD + """
<body><div class="article">
 <h1 class="ctitle">{title}<script>document.write("泄露标题脚本")</script><span hidden>泄露标题隐藏</span></h1>
 <div class="cinfo"><span class="ctime">2025-04-10 07:05:12</span><span style="display:none">泄露信息隐藏</span><!-- 泄露信息注释 --></div>
 <div class="ccontent">
  <p>　　本报记者 张三 通讯员 李四</p>""" + _HOSTILE_BODY + """
  <p>新闻链接</p>
  <p><a href="/c/2025-04-10/6001.shtml" onclick="LEAK()">{link}</a></p>
 </div>
</div></body></html>"""

GENERIC_PAGE = """<!DOCTYPE html><html>""" + _HEAD + """
<body>
 <div class="topbar"><a href="/">首页</a></div>
 <div class="wrap">
  <h1 class="art_title">{title}<script>泄露标题脚本</script><span style="display:none">泄露标题隐藏</span></h1>
  <div class="info">发布时间：2025-04-10 07:05<span hidden>泄露信息隐藏</span></div>
  <div class="article-text">
  <p>本报记者 张三 通讯员 李四</p>""" + _HOSTILE_BODY + """
  </div>
 </div>
 <script>var tracker = "泄露统计脚本 LEAK";</script>
</body></html>"""


def text_values(value, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (field path, string) of an item, except URLs."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("url", "canonical_url"):
                yield from text_values(v, f"{key}.{k}" if key else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from text_values(v, f"{key}[{i}]")
    elif isinstance(value, str):
        yield key, value


@pytest.mark.parametrize(("template", "layout"), [(WORKERCN_PAGE, "workercn"),
                                                  (GENERIC_PAGE, "generic")])
def test_hidden_markup_never_reaches_text(tmp_path, template, layout):
    title = series_title("宁夏", "隐藏内容测试")
    html = template.format(title=title, link=series_title("北京", "链接"))
    with FaultServer() as srv:
        url = srv.route("/c/2025-04-10/6000.shtml", "ok", body=html.encode("utf-8"))
        result = run_crawl("article", tmp_path, args={"url": url},
                           settings={**FAST, "LOG_LEVEL": "INFO"}, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.items) == 1
    item = result.items[0]
    assert item["layout"] == layout
    leaks = [(k, v) for k, v in text_values(item) if LEAK.search(v)]
    assert not leaks, leaks
    for k, v in text_values(item):
        assert not re.search(r"<[a-zA-Z/!]", v), (k, v)
    assert item["title"] == title
    assert item["province"] == "宁夏"
    assert item["authors"] == ["张三", "李四"]
    lines = item["text"].split("\n")
    for paragraph in EXPECTED_PARAGRAPHS:
        assert paragraph in lines, (paragraph, lines)
