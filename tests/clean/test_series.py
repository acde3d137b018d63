"""Which series a page belongs to, and whether it is itself a member's article.

The pages are small synthetic markups: a headline-only page (the canonical title is not
printed) whose 新闻链接 lists other members' articles of a series.
"""

from __future__ import annotations

from crawler.clean.assemble import _links_other_members
from crawler.clean.rules import LIST_BULLET
from crawler.clean.series import MemberDecision, Series, infer_series
from tests.support.gold import article_of

NAME = "职工风采 奋进新时代·巡礼"  # a made-up series: nothing here knows the default one
SERIES = Series(NAME)
PARA = "<p>{}</p>".format("近年来，各级工会持续推进服务阵地建设，每年服务职工超过八百万人次，职工满意度不断提高。" * 3)


def _title(member: str, headline: str) -> str:
    return f"{NAME}丨{member}：{headline}"


LISTED = [_title("河北工会", "推动职工技能提升"), _title("天津工会", "赓续百年红色血脉"),
          _title("北京工会", "在服务首都发展大局中贡献工会力量"), _title("重庆工会", "探索服务路径")]


def _article(kicker: str, listed: list[str], bullet: str = "● ", marker: str = "新闻链接"):
    items = "".join(f'<p>{bullet}<a href="/a{i}.html">{t}</a></p>' for i, t in enumerate(listed))
    page = (f"<html><head><title>百年初心薪火相传_某网</title></head><body>"
            f"<div class='main'><h1>百年初心薪火相传</h1><div class='content'>"
            f"<p>{kicker}</p>{PARA * 3}<p>{marker}</p>{items}</div></div></body></html>")
    return article_of(page, "http://127.0.0.1:9/dy/article/1.html")


def test_list_bullets_outside_the_anchor():
    for line in ("● 标题", "•标题", "1. 标题", "2、标题", "▶ 标题", "- 标题", "※ 标题", "·· 标题",
                 "12）标题"):
        assert LIST_BULLET.sub("", line) == "标题", line
    assert LIST_BULLET.sub("", "2025年工会工作") == "2025年工会工作"
    assert LIST_BULLET.sub("", "1.5万名职工参加") == "1.5万名职工参加"  # a number, not a bullet
    assert LIST_BULLET.sub("", "【职工风采】标题") == "【职工风采】标题"


def test_series_learned_from_bulleted_sibling_lines():
    lines = [LIST_BULLET.sub("", "● " + t) for t in LISTED]
    found = infer_series(["百年初心薪火相传"], lines)
    assert found is not None and found.name == NAME


def test_headline_only_page_listing_other_members_is_a_member_article():
    art = _article("上海市总工会始终与城市同频共振", LISTED)
    assert art.series == NAME
    assert art.member == "上海工会" and art.province == "上海"
    assert art.title == _title("上海工会", "百年初心薪火相传")


def test_the_same_without_bullets_and_with_a_bracketed_marker():
    art = _article("上海市总工会始终与城市同频共振", LISTED, bullet="", marker="【新闻链接】")
    assert art.member == "上海工会"


def test_a_page_that_names_no_member_gets_no_series():
    """No series is invented for a page that never names its member."""
    art = _article("各级工会始终与城市同频共振", LISTED)
    assert art.series is None and art.member is None
    assert art.title == "百年初心薪火相传"


def test_a_page_whose_named_member_is_listed_is_not_that_member():
    """A page naming 北京 that lists 北京's series article is about it, not it."""
    art = _article("北京市总工会始终与首都同频共振", LISTED)
    assert art.series is None and art.member is None


def test_one_listed_sibling_is_not_enough():
    shanghai = MemberDecision("上海工会", "上海", "text")
    assert _links_other_members(SERIES, shanghai, LISTED[:2])
    assert not _links_other_members(SERIES, shanghai, LISTED[:1])
    assert not _links_other_members(SERIES, shanghai, [*LISTED, _title("上海市总工会", "另一篇")])


def test_members_with_rare_characters_parse():
    title = _title("\u4dae\u4dae工会", "标题")
    assert SERIES.parse_title(title) == ("\u4dae\u4dae工会", "标题")
