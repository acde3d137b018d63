"""sanitize(): what a reader never sees is cut out of the tree, once, in place."""

from __future__ import annotations

import lxml.html
import pytest
from scrapy.http import HtmlResponse

from crawler.locate import locate
from crawler.locate.sanitize import prepare, repair_markup, sanitize

PAGE = """<html><head><title>t</title><script>var leak = 1;</script>
<style>p { color: red }</style></head>
<body onload="LEAK()">
<p onclick="LEAK()" onMouseOver="LEAK()" class="keep">第一段<!-- 注释 LEAK -->正文。</p>
<div style="display: none"><a href="/hidden.shtml">LEAK 隐藏</a></div>
<p style="Visibility:Hidden">LEAK 不可见</p>
<p hidden>LEAK hidden</p><p aria-hidden="true">LEAK aria</p>
<template><a href="/template.shtml">LEAK 模板</a></template>
<noscript><a href="/noscript.shtml">LEAK noscript</a></noscript>
<p>第二段<span style="DISPLAY:NONE">LEAK 行内</span>之后。<img src="/a.png" onerror="LEAK()"></p>
<p><a href="javascript:alert(1)" onclick="LEAK()">链接</a></p>
<iframe src="/frame.html">LEAK iframe</iframe>
</body></html>"""


@pytest.fixture
def root():
    return sanitize(lxml.html.fromstring(PAGE))


def test_invisible_text_is_gone_and_visible_text_kept(root):
    text = root.text_content()
    assert "LEAK" not in text and "leak" not in text
    assert "第一段正文。" in text
    assert "第二段之后。" in text  # the tail of a removed inline element stays


def test_hidden_links_are_gone(root):
    assert root.xpath("//a/@href") == ["javascript:alert(1)"]  # the link policy refuses it


def test_event_handlers_are_removed_and_other_attributes_kept(root):
    assert root.xpath("//@*[starts-with(name(), 'on')]") == []
    assert root.xpath("//p[@class='keep']")
    assert root.xpath("//img/@src") == ["/a.png"]


def test_second_call_is_a_no_op(root):
    before = lxml.html.tostring(root)
    assert sanitize(root) is root
    assert lxml.html.tostring(root) == before
    assert root.get("data-sanitized") == "1"


# -- markup the parser would cut short ---------------------------------------------------------

STRAY = ("<html><body><div class='header'><a href='/'>首页</a></div><!--x--></html>\n"
         "<!--end header--><div class='content'><p>正文第一段。</p></div></body></html>")


def test_a_stray_html_end_tag_before_the_article_is_removed():
    repaired = repair_markup(STRAY.encode("utf-8"))
    assert repaired is not None and b"</html>" not in repaired.lower()
    assert "正文第一段" in lxml.html.fromstring(repaired.decode()).text_content()
    assert "正文第一段" not in lxml.html.fromstring(STRAY).text_content()  # the premise


@pytest.mark.parametrize("tail", ["", "\n", "\n<!-- cached 2025-04-21 -->\n", "</body>\n</html>"])
def test_html_end_tags_at_the_end_of_the_page_need_no_repair(tail):
    page = f"<html><body><p>正文。</p></body></html>{tail}".encode()
    assert repair_markup(page) is None


def test_prepare_hands_on_a_repaired_copy_and_keeps_the_encoding():
    body = STRAY.encode("gb18030")
    response = HtmlResponse("http://127.0.0.1/a.htm", body=body, encoding="gb18030")
    prepared = prepare(response)
    assert prepared is not response and prepared.encoding == "gb18030"
    assert prepared.repaired
    assert "正文第一段" in prepared.selector.xpath("string()").get()
    assert response.body == body  # the page as sent is untouched


def test_a_prepared_response_is_read_sanitized_and_prepared_once():
    page = "<html><body><p>正文。</p><script>var x = '脚本';</script><div hidden>隐藏</div></body></html>"
    response = HtmlResponse("http://127.0.0.1/a.htm", body=page.encode(), encoding="utf-8")
    prepared = prepare(response)
    assert not prepared.repaired
    assert prepared.selector.xpath("string(//body)").get() == "正文。"
    assert prepare(prepared) is prepared
    assert prepared.url == response.url and prepared.encoding == "utf-8"


def test_locate_prepares_a_response_that_did_not_come_through_the_middleware():
    page = STRAY.replace("<p>正文第一段。</p>", "<h1>标题</h1><p>" + "正文第一段，工会服务职工。" * 8 + "</p>")
    response = HtmlResponse("http://127.0.0.1/a.htm", body=page.encode(), encoding="utf-8")
    located = locate(response)
    assert located is not None
    assert any("正文第一段" in b.text for b in located.blocks)
