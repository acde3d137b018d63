"""Fast in-process tests of the site layouts (crawler/locate/layouts.py): which layout a page
is, and which parts its selectors mark. No server, no crawl: each page is a small SYNTHETIC
markup sample of one CMS family, built here.
"""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawler.items import Kind, LocatedPage
from crawler.locate.layouts import LAYOUTS, site_locate

LOOPBACK = "http://127.0.0.1:8001"
BODY = ("<p>\u3000\u3000全国各级工会团结动员广大职工建功新时代，推动产业工人队伍建设改革走深走实。</p>"
        "<p>\u3000\u3000一年来，工会组织劳动和技能竞赛，职工参与人数超过十万人次。</p>")
PARAGRAPHS = ["全国各级工会团结动员广大职工建功新时代，推动产业工人队伍建设改革走深走实。",
              "一年来，工会组织劳动和技能竞赛，职工参与人数超过十万人次。"]

WORKERCN = f"""<html><head><title>宁夏工会：奋力谱写新篇章 - 中工网</title></head><body>
<div class="article"><h1 class="ctitle">宁夏工会：奋力谱写新篇章</h1>
<div class="cinfo"><span class="ctime">2025-04-10 07:05:12</span> 来源：工人日报</div>
<div class="ccontent">{BODY}</div></div></body></html>"""

EPAPER = f"""<html><head><title>工人日报</title></head><body><div class="paper-article">
<h3 class="yinti">团结引领职工建功立业</h3><h1 class="zhuti">宁夏工会奋力谱写新篇章</h1>
<h2 class="futi">庆祝全总成立100周年</h2><div class="author">本报记者 张三</div>
<div class="paper-date">2025年04月01日</div><div class="paper-content">{BODY}</div>
</div></body></html>"""

PEOPLE = f"""<html><head><title>人民网</title></head><body>
<div class="text_title"><h3 class="pre">永远跟党走</h3><h1>宁夏工会奋力谱写新篇章</h1>
<h4 class="sub">庆祝全总成立100周年</h4><p class="sou">作者：李四</p></div>
<div class="box01"><div class="fl">2025年04月09日08:30 来源：工人日报</div></div>
<div class="rm_txt_con">{BODY}</div></body></html>"""

NGWZ = f"""<html><head><title>宁夏工会</title></head><body><article class="news-detail">
<h1 class="news-title">宁夏工会奋力谱写新篇章</h1><div class="news-meta">2025-03-20 来源：工人日报</div>
<div class="news-body">{BODY}</div></article></body></html>"""


def page(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8")


def located(url: str, html: str) -> LocatedPage:
    found = site_locate(page(url, html))
    assert found is not None, url
    return found


def kinds(found: LocatedPage, *wanted: Kind) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in found.blocks if b.kind in wanted]


def body_text(found: LocatedPage) -> list[str]:
    return [b.text for b in found.blocks if b.kind == Kind.P]


# -- which layout --------------------------------------------------------------------------

@pytest.mark.parametrize(("html", "name"), [
    (WORKERCN, "workercn"), (EPAPER, "grrb-epaper"), (PEOPLE, "people"), (NGWZ, "ngwz"),
], ids=["workercn", "grrb-epaper", "people", "ngwz"])
def test_markup_alone_names_the_layout_on_any_host(html, name):
    # A mirror or a snapshot on loopback is recognised by its markup (the e-paper also
    # needs its URL path).
    path = "/papers/grrb/2025/04/01/03/c_1.html" if name == "grrb-epaper" else "/a.html"
    found = located(LOOPBACK + path, html)
    assert found.layout == name
    assert not found.generic
    assert body_text(found) == PARAGRAPHS


def test_epaper_is_checked_before_the_article_layout_of_the_same_host():
    # Both layouts claim 中工网's host and both containers are on the page: the first wins.
    both = EPAPER.replace('<div class="paper-content">',
                          '<div class="ccontent"><p>版面导航里的另一篇文章摘要。</p></div>'
                          '<div class="paper-content">')
    found = located("http://www.workercn.cn/papers/grrb/2025/04/01/03/c_1.html", both)
    assert found.layout == "grrb-epaper"
    assert body_text(found) == PARAGRAPHS


def test_epaper_markup_outside_the_epaper_path_is_not_the_epaper_layout():
    # On 中工网's host the article layout claims the page by host, finds no div.ccontent, and
    # nothing else matches: the generic locator gets it.
    assert site_locate(page("http://www.workercn.cn/c/2025-04-01/1.shtml", EPAPER)) is None
    assert site_locate(page(LOOPBACK + "/c/2025-04-01/1.shtml", EPAPER)) is None


def test_a_known_host_names_the_layout_without_its_markup():
    workercn = next(layout for layout in LAYOUTS if layout.name == "workercn")
    plain = "<html><body><div class='content'><p>正文</p></div></body></html>"
    assert workercn.matches(page("http://www.workercn.cn/c/1.shtml", plain))
    assert not workercn.matches(page(LOOPBACK + "/c/1.shtml", plain))
    # Matched by host, but its body container is missing: no page from this layout.
    assert workercn.locate(page("http://www.workercn.cn/c/1.shtml", plain)) is None


def test_unknown_markup_is_left_to_the_generic_locator():
    html = f"<html><body><div class='main'><h1>标题</h1><div class='txt'>{BODY}</div></div></body></html>"
    assert site_locate(page(LOOPBACK + "/a.html", html)) is None


def test_a_body_without_paragraphs_falls_through():
    # An image-only container (a gallery page) is not this layout's article.
    html = WORKERCN.replace(BODY, '<img src="/a.jpg" alt="图">')
    assert site_locate(page(LOOPBACK + "/a.html", html)) is None


# -- which parts -----------------------------------------------------------------------------

def test_marked_parts_come_in_printed_order_with_the_title_after_the_kicker():
    found = located(LOOPBACK + "/papers/grrb/2025/04/01/03/c_1.html", EPAPER)
    header = kinds(found, Kind.KICKER, Kind.TITLE, Kind.SUBTITLE, Kind.BYLINE)
    assert header == [
        (Kind.KICKER, "团结引领职工建功立业"),
        (Kind.TITLE, "宁夏工会奋力谱写新篇章"),
        (Kind.SUBTITLE, "庆祝全总成立100周年"),
        (Kind.BYLINE, "本报记者 张三"),
    ]
    assert (Kind.META, "2025年04月01日") in kinds(found, Kind.META)


def test_people_layout_marks_kicker_subtitle_byline_and_meta():
    found = located(LOOPBACK + "/n1/2025/0409/c1-2.html", PEOPLE)
    assert kinds(found, Kind.KICKER, Kind.TITLE, Kind.SUBTITLE, Kind.BYLINE) == [
        (Kind.KICKER, "永远跟党走"),
        (Kind.TITLE, "宁夏工会奋力谱写新篇章"),
        (Kind.SUBTITLE, "庆祝全总成立100周年"),
        (Kind.BYLINE, "作者：李四"),
    ]
    assert (Kind.META, "2025年04月09日08:30 来源：工人日报") in kinds(found, Kind.META)


def test_title_is_the_layouts_own_heading_and_meta_its_info_line():
    found = located(LOOPBACK + "/c/2025-04-10/8451234.shtml", WORKERCN)
    assert kinds(found, Kind.TITLE) == [(Kind.TITLE, "宁夏工会：奋力谱写新篇章")]
    assert [text for _, text in kinds(found, Kind.META)] == ["2025-04-10 07:05:12 来源：工人日报"]
    assert kinds(found, Kind.KICKER, Kind.SUBTITLE, Kind.BYLINE) == []
    assert found.article_id == "8451234"
