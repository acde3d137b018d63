"""Credits at the end of an article that the byline rules must read right: a writer's name
glued to their post (作者：张明北京大学经济学院教授), a role split from the name by a vertical
bar (作者︱李四), and a ``<meta name=author>`` that holds the editor the page prints under
编辑 / 责任编辑 (an editor is no author).

Names and pages are SYNTHETIC, in the shapes real news pages print.
"""

from __future__ import annotations

import pytest

from crawler.clean.byline import authors_from_byline, editor_names
from tests.support.gold import article_of

URL = "http://127.0.0.1:9/news/a123.html"
SENT = "某地工会持续推进服务阵地建设，每年服务职工超过八百万人次。"


def _page(last: str = "", head: str = "") -> str:
    paras = "".join(f"<p>{SENT}{i}</p>" for i in range(4))
    return (f"<html><head><title>职工书屋建设提速_某网</title>{head}</head><body>"
            "<div class='main'><h1>职工书屋建设提速</h1>"
            "<div class='info'>2019-09-18 06:23 来源：某日报</div>"
            f"<div class='content'>{paras}{last}</div></div></body></html>")


# --- a writer's post glued to the name -----------------------------------------------------------

@pytest.mark.parametrize(("byline", "names"), [
    ("作者：张明北京大学经济学院教授", ["张明"]),
    ("作者：王晓红中国社会科学院研究员", ["王晓红"]),
    ("作者：李华 清华大学教授", ["李华"]),  # spaced: read already
])
def test_a_post_glued_to_the_writers_name_is_cut_off(byline, names):
    assert authors_from_byline(byline) == names


@pytest.mark.parametrize("byline", [
    "作者：北京大学经济学院教授",  # a post and no name
    "作者：张明某某学院的老师们",  # no place or national prefix: no safe boundary
])
def test_no_name_is_guessed_out_of_a_post(byline):
    assert authors_from_byline(byline) == []


def test_article_closing_credit_with_the_writers_post():
    art = article_of(_page(last="<p>(作者：张明北京大学经济学院教授)</p><p>【编辑:赵六】</p>"), URL)
    assert art.authors == ["张明"]


# --- a vertical bar between role and name --------------------------------------------------------

@pytest.mark.parametrize("byline", ["作者︱李四", "作者｜李四", "作者丨李四", "作者 | 李四"])
def test_a_vertical_bar_separates_the_role_from_the_name(byline):
    assert authors_from_byline(byline) == ["李四"]


def test_article_credit_lines_with_bars_at_the_end():
    last = "<h3>出品︱某某科学栏目组 王五</h3><h3>作者︱李四</h3><p>[责任编辑:赵六]</p>"
    assert article_of(_page(last=last), URL).authors == ["李四"]


# --- the editor in <meta name=author> ------------------------------------------------------------

@pytest.mark.parametrize(("line", "names"), [
    ("（编辑：赵六 钱七）", ["赵六", "钱七"]),
    ("【责任编辑：赵六】", ["赵六"]),
    ("[责任编辑:赵六]", ["赵六"]),
    ("2017-03-10 09:58:03来源：某网作者：责任编辑：赵六", ["赵六"]),
    ("编辑：赵六 来源：某日报", ["赵六"]),
    ("记者 张三 编辑 赵六", []),  # no colon: left to the byline rules
    ("编辑部地址：某地", []),
])
def test_editor_names(line, names):
    assert editor_names(line) == names


@pytest.mark.parametrize("last", [
    "<p>（编辑：赵六 钱七）</p><p>【责任编辑：赵六】</p>",
    "<p>[责任编辑:赵六]</p>",
])
def test_article_meta_author_printed_as_the_editor_is_no_author(last):
    html = _page(last=last, head="<meta name='author' content='赵六'>")
    assert article_of(html, URL).authors == []


def test_article_meta_author_not_printed_as_an_editor_stays():
    html = _page(last="<p>【责任编辑：钱七】</p>", head="<meta name='author' content='赵六'>")
    assert article_of(html, URL).authors == ["赵六"]
