"""A dateline opening the body, read through the locator and the clean phase: its byline
gives the authors, and the paragraph stays body text as printed. Synthetic pages of the
shapes real news pages print (a 作者 field naming an office, a gallery label first)."""

from __future__ import annotations

from tests.support.gold import article_of

REST = "法国9日再次爆发全国跨行业大罢工，首都交通几乎完全瘫痪，其他多个城市交通也受到影响。"


def _page(head: str, first: str) -> str:
    paras = "".join(f"<p>{REST}{i}</p>" for i in range(4))
    return ("<html><head><title>法国全国大罢工再次严重影响交通_某网</title></head><body>"
            "<div class='main'><h1>法国全国大罢工再次严重影响交通</h1>"
            f"<div class='info'>{head}</div>"
            f"<div class='content'><p>{first}</p>{paras}"
            "<p>摄影/张艳 编辑/苏芳</p></div></div></body></html>")


def test_article_authors_from_the_dateline_and_the_paragraph_kept():
    first = f"新华社巴黎12月9日电（记者唐霁）{REST}"
    art = article_of(_page("2019-12-10 07:57:40 来源：新华网", first))
    assert art.authors == ["唐霁"]
    assert art.byline == "记者唐霁"
    assert art.text.split("\n")[0] == first


def test_article_organisation_author_field_and_correspondents_in_the_dateline():
    first = f"本站讯（职工通讯员 李琴心 刘会）{REST}"
    head = "来源：本站原创 作者：医技药剂党支部 时间：2019年10月31日 23:00"
    art = article_of(_page(head, first))
    assert art.authors == ["李琴心", "刘会"]
    assert art.text.split("\n")[0] == first


def test_article_after_a_gallery_label_the_dateline_still_counts():
    first = f"新华社巴黎12月9日电（记者唐霁）{REST}"
    page = _page("2019-12-10 07:57:40 来源：新华网", first).replace(
        "<div class='content'>", "<div class='content'><p>图集</p>")
    assert article_of(page).authors == ["唐霁"]


def test_a_short_opening_paragraph_after_the_dateline_stays_body():
    """No sentence mark and under 120 characters: the line is still the story, not a byline."""
    first = "本报讯（记者 赵六 通讯员 钱七）近日，某市总工会举办职工技能大赛，共有三百名职工参加"
    art = article_of(_page("2025-04-18 07:11 来源：某日报", first))
    assert art.text.split("\n")[0] == first
    assert (art.byline, art.authors) == ("记者 赵六 通讯员 钱七", ["赵六", "钱七"])


def test_a_dateline_alone_on_its_line_is_the_byline_line():
    art = article_of(_page("2025-04-18 07:11 来源：某日报", "新华社北京3月5日电（记者 张三、李四）"))
    assert (art.byline, art.authors) == ("记者 张三、李四", ["张三", "李四"])
    assert art.text.split("\n")[0].startswith(REST)
