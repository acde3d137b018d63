"""flatten's size bounds: the MAX_DEPTH and MAX_BLOCKS settings, set per page by the spider."""

from __future__ import annotations

import lxml.html

from crawler.locate.blocks import flatten, limits


def _page(lines: int, depth: int = 1) -> lxml.html.HtmlElement:
    deep = "<div>" * depth + "深处的一行文字。" + "</div>" * depth
    body = "".join(f"<p>第{i}行文字。</p>" for i in range(lines))
    return lxml.html.fromstring(f"<html><body><div>{body}{deep}</div></body></html>")


def test_default_bounds_read_a_normal_page_whole():
    blocks, truncated = flatten(_page(50, depth=20), "")
    assert len(blocks) == 51 and not truncated


def test_max_blocks_cuts_the_page_and_says_so():
    with limits(depth=200, blocks=10):
        blocks, truncated = flatten(_page(50), "")
    assert len(blocks) == 10 and truncated
    assert [b.text for b in blocks] == [f"第{i}行文字。" for i in range(10)]


def test_max_depth_skips_what_lies_deeper_and_says_so():
    with limits(depth=10, blocks=5000):
        blocks, truncated = flatten(_page(2, depth=30), "")
    assert truncated and "深处的一行文字。" not in [b.text for b in blocks]
    assert len(blocks) == 2


def test_bounds_apply_only_inside_the_block():
    with limits(depth=200, blocks=1):
        pass
    assert len(flatten(_page(5), "")[0]) == 6


def test_a_bulleted_or_numbered_link_is_a_link_line():
    page = lxml.html.fromstring(
        '<div><p>· <a href="/a.html">第一篇</a></p><p>2、<a href="/b.html">第二篇</a></p>'
        '<p>※※ <a href="/c.html">第三篇</a></p><p>1.5万名职工读了<a href="/d.html">这篇</a></p></div>')
    blocks, _ = flatten(page, "http://127.0.0.1/x/")
    assert [(b.kind, b.text, b.href) for b in blocks[:3]] == [
        ("link", "第一篇", "http://127.0.0.1/a.html"),
        ("link", "第二篇", "http://127.0.0.1/b.html"),
        ("link", "第三篇", "http://127.0.0.1/c.html"),
    ]
    assert (blocks[3].kind, blocks[3].text) == ("p", "1.5万名职工读了这篇")  # text with a link in it
