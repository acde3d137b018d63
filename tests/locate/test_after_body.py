"""What follows the body container: 新闻链接 in any markup, a footer 来源 line; images in any
markup; a date just above the title; the JSON-LD source organisation."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.items import Kind
from crawler.locate.blocks import flatten
from crawler.locate.metadata import jsonld_candidates
from crawler.locate.zone import above_title, after_body

BASE = "http://127.0.0.1:8000/a/1.html"
T1, T2 = "某某系列丨甲工会：标题一", "某某系列丨乙工会：标题二"


def _body_of(html: str):
    root = lxml.html.fromstring(html)
    return root.get_element_by_id("body")


def _links(html: str) -> list[tuple[str, str]]:
    blocks = after_body(_body_of(html), BASE)
    return [(b.text, b.href) for b in blocks if b.kind == Kind.LINK]


EXPECTED = [(T1, "http://127.0.0.1:8000/1.html"), (T2, "http://127.0.0.1:8000/2.html")]


@pytest.mark.parametrize("markup", [
    # table rows, one per entry, "·" outside the anchor
    f"""<table><tr><td id="body"><p>正文。</p></td></tr><tr><td><b>新闻链接</b></td></tr>
    <tr><td>·<a href="/1.html">{T1}</a></td></tr><tr><td>·<a href="/2.html">{T2}</a></td></tr>
    <tr><td>【<a href="#">打印</a>】</td></tr></table>""",
    # a <p> marker, then one <p> per link
    f"""<div><div id="body"><p>正文。</p></div><p><strong>新闻链接</strong></p>
    <p><a href="/1.html">{T1}</a></p><p>● <a href="/2.html">{T2}</a></p><div>网站地图</div></div>""",
    # a section holding marker and list, outside the article
    f"""<main><article><div id="body"><p>正文。</p></div></article><section><h3>新闻链接</h3>
    <ul><li><a href="/1.html">{T1}</a></li><li><a href="/2.html">{T2}</a></li></ul></section></main>""",
    # <br> runs in one <p> after the marker line
    f"""<div><div id="body"><p>正文。</p></div><div>【新闻链接】</div>
    <p><a href="/1.html">{T1}</a><br><a href="/2.html">{T2}</a><br></p></div>""",
])
def test_news_links_after_the_body_in_any_markup(markup):
    assert _links(markup)[:2] == EXPECTED


def test_a_marker_with_its_list_takes_no_unrelated_links_after_it():
    html = f"""<div><div id="body"><p>正文。</p></div><div><p>新闻链接</p>
    <p><a href="/1.html">{T1}</a></p></div><ul><li><a href="/x.html">网站首页</a></li></ul></div>"""
    assert _links(html) == EXPECTED[:1]


def test_footer_source_line_after_the_body():
    html = """<article><div id="body"><p>正文。</p></div><footer><p>来源：工人日报</p>
    <p>责任编辑：郑敏</p></footer></article>"""
    assert [b.text for b in after_body(_body_of(html), BASE)] == ["来源：工人日报"]


def test_amp_and_lazy_images():
    el = lxml.html.fromstring("""<div><figure><amp-img src="/a.jpg" width="8" height="5"></amp-img>
    <figcaption>说明一</figcaption></figure>
    <p><img src="data:image/gif;base64,R0lGOD" data-src="/b.jpg"></p>
    <p><img src="/blank.gif" data-original="/c.jpg"></p></div>""")
    blocks, _ = flatten(el, BASE)
    assert [b.src for b in blocks if b.kind == Kind.IMG] == [
        "http://127.0.0.1:8000/a.jpg", "http://127.0.0.1:8000/b.jpg", "http://127.0.0.1:8000/c.jpg"]
    assert [b.text for b in blocks if b.kind == Kind.CAPTION] == ["说明一"]


def test_date_just_above_the_title():
    root = lxml.html.fromstring("""<div><div id="nav">首页 博客</div><div class="post">
    <div class="post-date">2025-04-17</div><h2 id="t">标题</h2><div>正文</div></div></div>""")
    assert above_title(root.get_element_by_id("t")) == ["2025-04-17"]
    assert above_title(None) == []


def test_jsonld_source_organization_is_the_source_and_publisher_is_not():
    found = jsonld_candidates("""<script type="application/ld+json">{"@type": "NewsArticle",
      "headline": "标题", "publisher": {"@type": "Organization", "name": "某站"},
      "sourceOrganization": {"@type": "Organization", "name": "工人日报"}}</script>""")
    assert [c.value for c in found if c.field == "source"] == ["工人日报"]
