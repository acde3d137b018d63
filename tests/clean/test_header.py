"""Headline parts printed next to the title (引题 above, 副题 below) and header lines.

Pages here are small synthetic markups of the shapes real sites use; each is run through
the real locator and the clean phase, as a crawl would.
"""

from __future__ import annotations

from lxml import html as lxml_html

from crawler.clean.header import read_line
from crawler.locate.zone import header_zone
from tests.support.gold import article_of

PARA = "<p>{}</p>".format("近年来，某地工会持续推进服务阵地建设，每年服务职工超过八百万人次，职工满意度不断提高。" * 3)
BODY = f'<div class="content">{PARA * 4}</div>'


def _article(head: str, title: str = "“娘家人”的暖心服务一路“升温”"):
    page = (f"<html><head><title>{title}_某网</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a> <a href='/a'>工会</a></div>"
            f"<div class='main'>{head.format(h1=f'<h1>{title}</h1>')}{BODY}</div></body></html>")
    return article_of(page)


def test_kicker_by_class_above_the_title_dash_dropped():
    art = _article('<p class="u-pre">吉林省总工会推动服务职工工作提质增效——</p>{h1}')
    assert art.kicker == "吉林省总工会推动服务职工工作提质增效"
    assert art.headline == "“娘家人”的暖心服务一路“升温”"


def test_kicker_by_dash_alone():
    art = _article('<p>宁夏工会深入推进自身改革和建设，不断提升服务职工水平——</p>{h1}')
    assert art.kicker == "宁夏工会深入推进自身改革和建设，不断提升服务职工水平"


def test_kicker_heading_sibling_and_subtitle_heading_below():
    art = _article('<h3>北京市总工会聚焦首都功能定位</h3>{h1}<h2>全市工会推动服务品牌建设</h2>'
                   '<div class="info">2025-04-07 06:05 来源：工人日报</div>')
    assert art.kicker == "北京市总工会聚焦首都功能定位"
    assert art.subtitle == "全市工会推动服务品牌建设"
    assert art.source == "工人日报"


def test_kicker_above_a_title_wrapper_by_class():
    art = _article('<div class="yinti">河北省总工会深化产业工人队伍建设改革</div>'
                   '<div class="tit">{h1}</div>')
    assert art.kicker == "河北省总工会深化产业工人队伍建设改革"


def test_heading_above_a_title_wrapper_is_not_a_kicker():
    """One level up, an <h2> is as often the channel's name as a 引题."""
    art = _article('<h2>基层工会风采展示专栏</h2><div class="tit">{h1}</div>')
    assert art.kicker is None


def test_subtitle_by_leading_dash_and_by_class():
    art = _article('{h1}<p>——全省建成服务阵地5000余个</p>')
    assert art.subtitle == "全省建成服务阵地5000余个"
    art = _article('{h1}<div class="subtitle">全省建成服务阵地五千余个</div>')
    assert art.subtitle == "全省建成服务阵地五千余个"


def test_lines_next_to_the_title_that_are_not_parts():
    # a short channel label, a breadcrumb, a linked line, a date line, a plain line
    for head in ('<h2>工会动态</h2>{h1}',
                 '<div class="crumb">首页 > 工会 > 正文——</div>{h1}',
                 '<h3><a href="/x">吉林省总工会推动服务职工工作</a></h3>{h1}',
                 '<p class="pre">2025-04-07 06:05 来源：工人日报</p>{h1}',
                 '<p>吉林省总工会推动服务职工工作提质增效</p>{h1}'):
        art = _article(head)
        assert art.kicker is None, head
    for head in ('{h1}<h2>发布时间：2025-04-07 06:05</h2>',
                 '{h1}<h2>本报记者 彭冰 柳姗姗</h2>',
                 '{h1}<p>全省建成服务阵地5000余个</p>',
                 '{h1}<h2>阅读提示</h2>'):
        art = _article(head)
        assert art.subtitle is None, head


def test_a_layout_marked_kicker_wins_over_a_body_marker():
    art = _article('<h3 class="yinti">标记的引题在这里说明</h3>{h1}'
                   '<div class="content"><p>原标题：另一个引题写在正文——（引题）</p></div>')
    assert art.kicker == "标记的引题在这里说明"


def test_zone_never_flattens_a_big_neighbour():
    """A long sidebar just above the title is not read as a part (and not walked)."""
    side = "<div class='side'>" + "<p>很长的侧栏文字，不是引题。</p>" * 40 + "</div>"
    root = lxml_html.fromstring(f"<html><body>{side}<h1>标题文字在这里</h1>"
                                f"<div id='b'>{PARA}</div></body></html>")
    zone = header_zone(root.find(".//h1"), root.get_element_by_id("b"))
    assert all(b.kind == "meta" for b in zone)


# --- one header line -------------------------------------------------------------------

def test_meta_line_with_byline_source_and_time():
    ev = read_line("作者：邹海 熊\u4dae 来源：工人日报 发布时间：2025-04-14 07:11 浏览次数：1024", "header")
    got = {(c.field, c.value) for c in ev.candidates}
    assert ("byline", "作者：邹海 熊\u4dae") in got
    assert ("source", "工人日报") in got
    assert ("published_at", "2025-04-14T07:11:00+08:00") in got
    assert ev.is_meta


def _bylines(text: str, where: str = "header") -> list[tuple[str, str]]:
    return [(c.value, c.detail) for c in read_line(text, where).candidates if c.field == "byline"]


def test_header_line_of_a_name_and_its_outlet_is_a_byline():
    assert _bylines("石佳/中国青年报") == [("石佳/中国青年报", "name/outlet")]
    assert _bylines("石佳/中国青年报 2019-09-24 09:10") == [("石佳/中国青年报", "name/outlet")]
    assert _bylines("2018年12月28日 19:55 新京报") == []  # the outlet beside the date only
    assert not [c for c in read_line("石佳/中国青年报", "header").candidates if c.field == "source"]


def test_name_and_outlet_outside_the_header_zone_is_no_byline():
    assert _bylines("石佳/中国青年报", "body-start") == []
    assert _bylines("石佳/中国青年报", "body-end") == []


def test_page_with_a_name_and_outlet_line_under_the_title():
    art = _article('{h1}<div class="news_about"><p>石佳/中国青年报</p><p>2019-09-24 09:10</p></div>')
    assert (art.authors, art.byline, art.source) == (["石佳"], "石佳/中国青年报", None)
    assert art.published_at == "2019-09-24T09:10:00+08:00"


def test_page_with_a_channel_and_outlet_line_has_no_authors():
    art = _article('{h1}<div class="news_about"><p>时事/澎湃新闻</p><p>2019-09-24 09:10</p></div>')
    assert art.authors == []
