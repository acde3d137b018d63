"""Bylines in a news-agency dateline that opens the body, and which byline wins.

Agencies and papers name the reporters in the parenthesis after the dateline
(``新华社巴黎12月9日电（记者唐霁）``, ``本报讯（记者 张三 通讯员 李四）``): that parenthesis is
the story's byline; the paragraph itself stays body text (test_assemble_dateline.py).
Names and outlets below are synthetic; the shapes are those real pages print.
"""

from __future__ import annotations

import pytest

from crawler.clean.byline import authors_from_byline, is_person_name, read_dateline
from crawler.clean.decide import decide_authors, decide_byline
from crawler.items import Candidate

REST = "法国9日再次爆发全国跨行业大罢工，首都交通几乎完全瘫痪，其他多个城市交通也受到影响。"


@pytest.mark.parametrize(("line", "byline", "authors"), [
    (f"新华社巴黎12月9日电（记者唐霁）{REST}", "记者唐霁", ["唐霁"]),
    (f"新华社北京3月5日电（记者 张三、李四）{REST}", "记者 张三、李四", ["张三", "李四"]),
    (f"中新网上海10月1日电（记者 王五）{REST}", "记者 王五", ["王五"]),
    (f"本报讯（记者 赵六 通讯员 钱七）{REST}", "记者 赵六 通讯员 钱七", ["赵六", "钱七"]),
    (f"人民网北京6月1日电 （记者孙八）{REST}", "记者孙八", ["孙八"]),
    (f"央视网消息（记者 周九）{REST}", "记者 周九", ["周九"]),
    (f"本站讯（职工通讯员 李琴心 刘会）{REST}", "职工通讯员 李琴心 刘会", ["李琴心", "刘会"]),
    (f"本报讯(特约通讯员 郑十 见习记者 冯一)：{REST}", "特约通讯员 郑十 见习记者 冯一",
     ["郑十", "冯一"]),
    (f"本报北京4月2日电（实习记者 陈二 实习生 褚三）{REST}", "实习记者 陈二 实习生 褚三",
     ["陈二", "褚三"]),
], ids=["agency", "two-names", "web-agency", "paper-xun", "space-before", "xiaoxi", "site-xun",
        "ascii-parens", "interns"])
def test_dateline_names_the_reporters(line, byline, authors):
    assert read_dateline(line) == (byline, False)
    assert authors_from_byline(byline) == authors


def test_editors_and_photographers_in_the_dateline_are_not_authors():
    dateline = read_dateline(f"本报讯（记者 赵六 摄影 钱七 编辑 孙八）{REST}")
    assert dateline is not None
    assert authors_from_byline(dateline.byline) == ["赵六"]


def test_a_dateline_alone_on_its_line():
    assert read_dateline("本报讯（记者 赵六 通讯员 钱七）") == ("记者 赵六 通讯员 钱七", True)


@pytest.mark.parametrize("line", [
    REST,  # no dateline
    f"本报讯 {REST}",  # a dateline without names
    f"央视网消息（新闻联播）：{REST}",  # the programme, not a person
    f"据了解，新华社12月9日电（记者唐霁）{REST}",  # a sentence first: not the opening dateline
    f"会议强调（记者 张三 李四）{REST}",  # no 电/讯/消息
    "新华社巴黎12月9日电",  # nothing named
], ids=["plain", "no-names", "programme", "sentence-first", "no-dateline-word", "bare"])
def test_not_a_dateline_byline(line):
    assert read_dateline(line) is None


@pytest.mark.parametrize("org", ["医技药剂党支部", "宣传科", "院办公室", "工会委员会", "团委"],
                         ids=["branch", "section", "office", "committee", "league"])
def test_an_organisation_in_the_author_field_is_not_a_person(org):
    assert not is_person_name(org, labelled=True)
    assert authors_from_byline(f"作者：{org}") == []


# --- which byline wins ------------------------------------------------------------------------

def _byline(source: str, value: str, detail: str = "") -> Candidate:
    return Candidate("byline", value, source, detail)


def _decide(*cands: Candidate) -> tuple[object, list[str]]:
    byline = decide_byline(list(cands))
    return byline.value, decide_authors(byline, list(cands)).value  # type: ignore[return-value]


def test_a_header_field_naming_a_person_beats_the_dateline():
    assert _decide(_byline("header", "作者：王五"),
                   _byline("body-start", "记者 张三", "dateline")) == ("作者：王五", ["王五"])


def test_the_dateline_naming_the_header_person_with_a_role_is_fuller():
    assert _decide(_byline("header", "作者：张三"),
                   _byline("body-start", "记者 张三 通讯员 李四", "dateline")) == (
        "记者 张三 通讯员 李四", ["张三", "李四"])


def test_a_byline_naming_no_person_does_not_block_the_dateline():
    """A layout's marked 作者 field that holds a party branch names nobody."""
    assert _decide(_byline("layout", "作者：医技药剂党支部", "selector"),
                   _byline("body-start", "职工通讯员 李琴心 刘会", "dateline")) == (
        "职工通讯员 李琴心 刘会", ["李琴心", "刘会"])


def test_a_byline_naming_no_person_is_kept_when_nothing_names_one():
    assert _decide(_byline("layout", "作者：医技药剂党支部", "selector")) == (
        "作者：医技药剂党支部", [])


@pytest.mark.parametrize("byline", ["记者陈智 整合", "记者 陈智 综合报道", "记者 陈智 采写", "通讯员 陈智 供稿"])
def test_what_the_reporter_did_is_not_a_second_name(byline):
    assert authors_from_byline(byline) == ["陈智"]
