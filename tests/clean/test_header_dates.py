"""Printed publication times in header lines: which labels name the publication, dates whose
label names another event, two-digit years, times printed in the next element, dates split
over a column of elements, and the colonless labels of one-line header strips.

Lines and pages are SYNTHETIC, written here in the shapes real sites print.
"""

from __future__ import annotations

import pytest

from crawler.clean.dates import join_split_dates
from crawler.clean.header import read_line
from tests.support.gold import article_of

URL = "http://127.0.0.1:9/news/a123.html"  # no date in the URL: the page alone decides
PARA = "<p>{}</p>".format("近年来，某地工会持续推进服务阵地建设，每年服务职工超过八百万人次。" * 3)


def _dates(text: str) -> list[tuple[str, str]]:
    return [(c.value, c.detail) for c in read_line(text, "header").candidates
            if c.field == "published_at"]


def _page(head: str, meta: str = "", script: str = "") -> str:
    return (f"<html><head><title>职工书屋建设提速_某网</title>{meta}{script}</head><body>"
            f"<div class='main'><h1>职工书屋建设提速</h1>{head}"
            f"<div class='content'>{PARA * 4}</div></div></body></html>")


# --- which labels name the publication ---------------------------------------------------

@pytest.mark.parametrize("label", [
    "发布时间：", "发布日期：", "发布于", "发表于", "发表于 ", "发表时间：", "发表日期：", "发稿时间：",
    "刊发时间：", "时间：", "日期：", "稿件日期：", "录入时间：",
])
def test_publication_labels(label):
    assert _dates(f"{label}2014-08-24 21:30") == [("2014-08-24T21:30:00+08:00", "labelled")]


@pytest.mark.parametrize("label", [
    "更新时间：", "最后更新：", "更新于", "修改时间：", "最后修改于", "编辑于", "评论于", "回复于",
    "访问时间：", "截至", "页面生成时间：", "生成于",
])
def test_labels_of_other_events_give_no_publication_date(label):
    assert _dates(f"{label}2014-08-24 21:30") == []


def test_a_counter_on_the_line_does_not_hide_the_date():
    """One header strip: date, reads, 来源, comments, 作者; labels without colons."""
    line = "发表于2014-08-24 21:30| 1164次阅读| 来源CSDN| 0 条评论| 作者魏星"
    got = {(c.field, c.value, c.detail) for c in read_line(line, "header").candidates}
    assert ("published_at", "2014-08-24T21:30:00+08:00", "labelled") in got
    assert ("source", "CSDN", "来源") in got
    assert ("byline", "作者魏星", "labelled") in got


@pytest.mark.parametrize("line", [
    "评论(5) 2019-09-07 10:00", "访问量：1234 | 2019-09-07 10:00", "阅读 1164 | 评论 3 | 2019-09-07 10:00",
])
def test_a_counter_before_the_date_is_not_its_label(line):
    assert _dates(line) == [("2019-09-07T10:00:00+08:00", "bare")]


def test_each_date_on_a_line_is_read_with_its_own_label():
    assert _dates("发布时间：2025-04-14 07:11 更新时间：2025-04-15 08:00") == [
        ("2025-04-14T07:11:00+08:00", "labelled")]
    assert _dates("更新时间：2025-04-15 08:00 发布时间：2025-04-14 07:11") == [
        ("2025-04-14T07:11:00+08:00", "labelled")]
    # the label of the second date is the text after the first, not the line's first label
    assert _dates("2025-04-14 07:11 编辑 2025-04-15") == [
        ("2025-04-14T07:11:00+08:00", "bare"), ("2025-04-15", "bare")]
    assert _dates("2025-04-14 07:11 更新") == []  # "… 更新": the update time
    assert _dates("2025-04-14 07:11 编辑：张三") == [("2025-04-14T07:11:00+08:00", "bare")]


def test_footer_lines_give_no_date():
    for line in ("Copyright © 2014-08-24 某网 版权所有", "京ICP备2014-08-24号 备案"):
        assert _dates(line) == []


# --- two-digit years, under a publication label only -----------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("发布时间：18-03-08 23:16", "2018-03-08T23:16:00+08:00"),
    ("发布时间：18-03-0823:16", "2018-03-08T23:16:00+08:00"),  # two inline elements, no gap
    ("发布时间：18-03-08", "2018-03-08"),
    ("发表于 19/09/07 10:05", "2019-09-07T10:05:00+08:00"),
])
def test_labelled_two_digit_year(line, expected):
    assert _dates(line) == [(expected, "labelled")]


@pytest.mark.parametrize("line", [
    "18-03-08 23:16", "编号 18-03-08", "更新时间：18-03-08 23:16", "电话 010-18-03-08",
    "比分 3-1-0",
])
def test_two_digit_year_without_a_publication_label_is_no_date(line):
    assert _dates(line) == []


def test_glued_time_after_a_full_date():
    assert _dates("发布时间：2018-03-0823:16") == [("2018-03-08T23:16:00+08:00", "labelled")]


# --- month names: the dates blog themes print (WordPress "F jS, Y", localised or not) -------

@pytest.mark.parametrize(("line", "expected"), [
    ("十一月 6th, 2009", "2009-11-06"),
    ("分类：其它 十二月 19, 2008", "2008-12-19"),
    ("一月 1st, 2010", "2010-01-01"),
    ("November 6th, 2009", "2009-11-06"),
    ("Posted on Nov 6, 2009 by admin", "2009-11-06"),
    ("Sept. 23rd, 2012", "2012-09-23"),
    ("十一月 6th, 2009 at 12:40 下午", "2009-11-06T12:40:00+08:00"),
    ("March 3rd, 2011 at 9:05 pm", "2011-03-03T21:05:00+08:00"),
    ("十月 7th, 2009 at 12:10 上午", "2009-10-07T00:10:00+08:00"),
])
def test_dates_with_month_names(line, expected):
    assert [v for v, _ in _dates(line)] == [expected]


@pytest.mark.parametrize("line", [
    "十一月 6日，2009年的一个早晨",  # a Chinese day and year: not this form
    "三月 32nd, 2009",  # no such day
    "Mayday 6, 2009",  # a word that begins like a month
    "第十一月 6, 200",  # no four-digit year
])
def test_month_name_lookalikes_are_no_date(line):
    assert _dates(line) == []


def test_blog_post_date_beside_the_headline():
    head = ('<span class="post-cat"><a href="/category/misc">其它内容</a></span> '
            '<span class="post-calendar">十一月 6th, 2009</span>')
    assert article_of(_page(head), URL).published_at == "2009-11-06"


# --- a date split over elements -------------------------------------------------------------

def test_split_date_column_is_joined():
    assert join_split_dates(["2019", "09/07", "19:02", "扬眼"]) == ["2019-09-07 19:02", "扬眼"]
    assert join_split_dates(["2019年", "9月7日"]) == ["2019-9-7"]
    assert join_split_dates(["发布时间：18-03-08", "23:16"]) == ["发布时间：18-03-08 23:16"]
    assert join_split_dates(["2025-04-14", "07:11", "来源：工人日报"]) == [
        "2025-04-14 07:11", "来源：工人日报"]


def test_lines_that_only_look_like_date_parts_stay_apart():
    for lines in (["2019", "评论", "09/07"], ["2019", "12:30"], ["2019-09-07 10:00", "19:02"],
                  ["阅读 2019", "09/07"], ["2019", "13/45"], ["2019", "09/07/08"]):
        assert join_split_dates(lines) == lines


def test_page_with_the_time_in_the_next_span():
    html = _page('<div class="info"><span class="date">发布时间：18-03-08</span>'
                 '<span class="time">23:16</span></div>',
                 meta='<meta itemprop="dateUpdate" content="2018-03-09 10:00:00">')
    assert article_of(html, URL).published_at == "2018-03-08T23:16:00+08:00"


def test_update_time_in_markup_is_never_the_publication_time():
    html = _page('<div class="info"><span class="author">某某</span></div>',
                 meta='<meta itemprop="dateUpdate" content="2018-03-09 10:00:00">'
                      '<meta itemprop="dateModified" content="2018-03-09 10:00:00">')
    assert article_of(html, URL).published_at is None


def test_page_with_a_split_date_column():
    column = ('<div class="left"><div class="year"><span>2019</span></div>'
              '<div class="md">09<!-- x -->/<!-- x -->07</div><div class="time">19:02</div>'
              '<div><a href="/author/1">某某号</a></div></div>')
    assert article_of(_page(column), URL).published_at == "2019-09-07T19:02:00+08:00"


def test_page_with_a_one_line_header_strip():
    strip = ('<div class="info">发表于<span class="ago">2014-08-24 21:30</span>| 1164次阅读 | '
             '来源<span class="ago">CSDN</span>| 0 条评论 | 作者<span class="ago">魏星</span></div>')
    art = article_of(_page(strip), URL)
    assert (art.published_at, art.source, art.authors) == (
        "2014-08-24T21:30:00+08:00", "CSDN", ["魏星"])


# --- colonless 来源 ----------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "source"), [
    ("2025-04-07 06:05 来源 工人日报 作者：张三", "工人日报"),
    ("2025-04-07 06:05 | 来源中工网", "中工网"),
])
def test_colonless_source_on_a_header_strip(line, source):
    got = [c.value for c in read_line(line, "header").candidates if c.field == "source"]
    assert got == [source]


@pytest.mark.parametrize("line", [
    "来源不明的消息", "来源于网络 2025-04-07", "数据来源 2025-04-07", "资金来源多元化",
])
def test_colonless_source_needs_a_strip(line):
    assert [c for c in read_line(line, "header").candidates if c.field == "source"] == []


@pytest.mark.parametrize(("line", "source"), [
    ("2019-09-26 12:11来源：证券时报网作者：李在山", "证券时报网"),  # the next label glued on
    ("来源：工人日报发布时间：2025-04-07 06:05", "工人日报"),
    ("来源于：东区办事处", "东区办事处"),  # 来源于： is the 来源 label
])
def test_source_value_ends_where_the_next_label_begins(line, source):
    got = [c.value for c in read_line(line, "header").candidates if c.field == "source"]
    assert got == [source]


@pytest.mark.parametrize("line", [
    "来源: | 发布时间: 2018-05-17 | 浏览次数: 2168",
    "来源：  发布时间：2019-01-01",
    "时间：2019-09-25 来源： 作者：网络整理",
])
def test_an_empty_source_label_takes_nothing_for_its_value(line):
    assert [c for c in read_line(line, "header").candidates if c.field == "source"] == []


# --- a printed time against the page's machine time -------------------------------------------

def test_printed_time_beats_a_machine_time_minutes_later_that_day():
    """``article:published_time`` a few minutes after the time printed under the title: the
    CMS's save time; the reader sees the printed one."""
    html = _page('<div class="date-source"><span class="date">2018年12月28日 19:55</span>'
                 '<a class="source" href="/">某某报</a></div>',
                 meta='<meta property="article:published_time" content="2018-12-28T19:56:29+08:00">')
    assert article_of(html, URL).published_at == "2018-12-28T19:55:00+08:00"


# --- a labelled date printed away from the header zone ------------------------------------------

def test_publication_date_in_a_footer_under_the_body():
    """A blog-style theme prints 发布日期 in the article footer, under the body, among
    counters and the category: the page's date, though no header line carries it."""
    footer = ('<div class="foot"><span>查看评论</span><span>阅读 539</span>'
              '<div class="cat">发布日期：2019-09-23 14:34:05&nbsp;&nbsp;所属分类：<a href="/c/">头条</a>'
              '</div></div>')
    html = _page("").replace(f"{PARA * 4}</div>", f"{PARA * 4}</div>{footer}")
    assert article_of(html, URL).published_at == "2019-09-23T14:34:05+08:00"


def test_publication_date_in_a_table_row_far_above_the_body():
    """A table layout whose headline is repeated, bold, as the body's first line: the date
    row above sits outside the header zone (the title element found is the repeat)."""
    html = ("<html><head><title>职工书屋建设提速</title></head><body><table><tr><td>"
            "<table><tr><td><span class='s8'>职工书屋建设提速</span></td></tr>"
            "<tr><td><table><tr><td>来源: | 发布时间: 2018-05-17 | 浏览次数: 2168</td></tr></table>"
            "</td></tr><tr><td><table><tr><td><form><div id='c'>"
            f"<p><strong>职工书屋建设提速</strong></p>{PARA * 4}</div></form></td></tr></table>"
            "</td></tr></table></td></tr></table></body></html>")
    assert article_of(html, URL).published_at == "2018-05-17"


def test_a_date_the_header_prints_beats_a_labelled_one_elsewhere():
    side = '<div class="side"><p>热门：某文</p><p>发布时间：2019-01-02 08:00</p></div>'
    html = _page("<div class='info'>2019-09-07 19:02</div>").replace("</body>", f"{side}</body>")
    assert article_of(html, URL).published_at == "2019-09-07T19:02:00+08:00"


def test_labelled_dates_of_a_list_elsewhere_are_no_publication_date():
    """Several 发布时间 on different days: a list of other articles, not this one's."""
    side = ('<ul class="side"><li>某文 发布时间：2019-01-02</li><li>另文 发布时间：2019-01-05</li>'
            '</ul>')
    assert article_of(_page("").replace("</body>", f"{side}</body>"), URL).published_at is None


def test_an_update_label_elsewhere_is_no_publication_date():
    foot = '<div class="foot">更新时间：2019-01-02 08:00 | 发布于本站</div>'
    assert article_of(_page("").replace("</body>", f"{foot}</body>"), URL).published_at is None
