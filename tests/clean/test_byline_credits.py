"""Bylines printed away from the header: the writer credited in brackets at the end of the
text, a 执笔 line opening the body, and the short roles (文/, 图/) of a credit line.

Names and pages are SYNTHETIC, in the shapes real news pages print.
"""

from __future__ import annotations

import pytest

from crawler.clean.byline import authors_from_byline, closing_credit
from crawler.clean.header import read_line
from tests.support.gold import article_of

URL = "http://127.0.0.1:9/news/a123.html"
SENT = "某地工会持续推进服务阵地建设，每年服务职工超过八百万人次。"


def _page(first: str = "", last: str = "") -> str:
    paras = "".join(f"<p>{SENT}{i}</p>" for i in range(4))
    return ("<html><head><title>职工书屋建设提速_某网</title></head><body><div class='main'>"
            "<h1>职工书屋建设提速</h1><div class='info'>2019-09-18 06:23 来源：某日报</div>"
            f"<div class='content'>{first}{paras}{last}</div></div></body></html>")


# --- the writer credited in brackets at the end of the text ---------------------------------

@pytest.mark.parametrize(("text", "credit", "names"), [
    (f"{SENT}（张巨峰）", "张巨峰", ["张巨峰"]),
    (f"{SENT}(李楠)", "李楠", ["李楠"]),
    (f"{SENT}(文/图 刘玺东 易赛楠)", "文/图 刘玺东 易赛楠", ["刘玺东", "易赛楠"]),
    (f"{SENT}（记者 张三 通讯员 李四）", "记者 张三 通讯员 李四", ["张三", "李四"]),
    ("“这是我们的家。”（王五 赵六）", "王五 赵六", ["王五", "赵六"]),
    ("（张巨峰）", "张巨峰", ["张巨峰"]),  # the credit alone on the last line
])
def test_a_bracketed_credit_closing_the_text_names_the_writers(text, credit, names):
    assert closing_credit(text) == credit
    assert authors_from_byline(credit) == names


@pytest.mark.parametrize("text", [
    f"{SENT}（完）",
    f"{SENT}（新华社）",  # an outlet
    f"{SENT}（来源：某日报）",
    f"{SENT}（编辑：张三）",  # an editor
    f"{SENT}（张三 摄）",  # a photographer
    f"{SENT}（图/张三）",
    f"{SENT}（原标题：某某）",
    f"{SENT}（待续）",  # no common surname: a word
    f"{SENT}（国际）",  # a channel word, though 国 is a surname
    "服务职工超过八百万人次（张三）",  # no sentence closes before it: part of the sentence
    f"{SENT}（张三）还说",  # not at the end
    f"{SENT}（张三 李四 王五 赵六 钱七）",  # too many for a credit
])
def test_other_closing_brackets_are_no_credit(text):
    assert closing_credit(text) is None


def test_article_credit_at_the_end_of_the_last_paragraph_is_the_byline_and_stays_text():
    last = "<p>山西品牌丝路行主题为“走丝绸之路”。（张巨峰）</p>"
    art = article_of(_page(last=last), URL)
    assert (art.byline, art.authors) == ("张巨峰", ["张巨峰"])
    assert art.text.endswith("山西品牌丝路行主题为“走丝绸之路”。（张巨峰）")


def test_article_credit_alone_on_the_last_line_is_the_byline_line():
    art = article_of(_page(last="<p>（文/图 刘玺东 易赛楠）</p>"), URL)
    assert art.authors == ["刘玺东", "易赛楠"]
    assert "刘玺东" not in art.text


def test_article_header_byline_beats_a_closing_credit():
    html = _page(last="<p>（张巨峰）</p>").replace("来源：某日报", "来源：某日报 作者：王五")
    assert article_of(html, URL).authors == ["王五"]


def test_article_a_bracket_in_a_middle_paragraph_is_no_credit():
    html = _page(first=f"<p>{SENT}（张巨峰）</p>")
    assert article_of(html, URL).authors == []


# --- roles -------------------------------------------------------------------------------------

def test_zhibi_names_the_writers_pen_names_too():
    """执笔 (who held the pen): the writers, under pen names that need no common surname."""
    assert authors_from_byline("执笔/叨叨姐、胡一刀&李小飞刀") == ["叨叨姐", "胡一刀", "李小飞刀"]
    assert authors_from_byline("执笔：张三＆李四") == ["张三", "李四"]


def test_article_zhibi_line_opening_the_body_is_the_byline_not_text():
    art = article_of(_page(first="<p><strong>执笔/叨叨姐、胡一刀&amp;李小飞刀</strong></p>"), URL)
    assert art.authors == ["叨叨姐", "胡一刀", "李小飞刀"]
    assert "执笔" not in art.text


@pytest.mark.parametrize(("byline", "names"), [
    ("图/张三", []),  # a photographer
    ("文/张三 图/李四", ["张三"]),
    ("图文/张三", ["张三"]),  # text and pictures: the writer
    ("文/叨叨姐", ["叨叨姐"]),  # 文/ vouches for a pen name
])
def test_short_roles_split_from_their_names(byline, names):
    assert authors_from_byline(byline) == names


@pytest.mark.parametrize("byline", ["作者：网络整理", "作者：综合整理", "作者：本网整理", "作者：网络"])
def test_compiled_from_the_web_is_no_person(byline):
    assert authors_from_byline(byline) == []


# --- a bracketed byline alone on its line -------------------------------------------------------

@pytest.mark.parametrize(("line", "byline"), [
    ("（记者 张三 通讯员 李四）", "记者 张三 通讯员 李四"),
    ("(记者 张三)", "记者 张三"),
    ("【记者 张三】", "记者 张三"),
    ("［作者：张三］", "作者：张三"),
])
def test_bracketed_byline_line_keeps_no_bracket(line, byline):
    got = [c.value for c in read_line(line, "body-start").candidates if c.field == "byline"]
    assert got == [byline]
    assert authors_from_byline(got[0]) == authors_from_byline(byline)


def test_article_bracketed_byline_line_opening_the_body():
    art = article_of(_page(first="<p>（记者 张三 通讯员 李四）</p>"), URL)
    assert (art.byline, art.authors) == ("记者 张三 通讯员 李四", ["张三", "李四"])
    assert not art.text.startswith(("（", "("))
