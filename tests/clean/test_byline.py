"""Byline rules: names in every Han block, and which of two bylines is the one printed."""

from __future__ import annotations

import re

import pytest

from crawler.clean.byline import (
    BYLINE_IN_LINE,
    authors_from_byline,
    is_fuller_byline,
    is_person_name,
    looks_like_name_list,
    outlet_byline,
)
from crawler.clean.decide import decide_byline
from crawler.clean.rules import HAN, is_nav_line
from crawler.items import Candidate

# One rare character from each block: Extension A (䶮 U+4DAE), Extension B (𠀾 U+2003E),
# Extension C (𪜶 U+2A736), a compatibility ideograph (﨑 U+FA11), Extension G (𰀀 U+30000).
RARE = ["\u4dae", "\U0002003e", "\U0002a736", "\ufa11", "\U00030000"]


@pytest.mark.parametrize("ch", RARE)
def test_han_class_covers_every_ideograph_block(ch):
    assert re.fullmatch(f"[{HAN}]", ch)


@pytest.mark.parametrize("ch", RARE)
def test_names_with_rare_characters_are_names(ch):
    name = "熊" + ch
    assert is_person_name(name)
    assert authors_from_byline(f"作者：邹海 {name}") == ["邹海", name]
    assert looks_like_name_list(f"邹海 {name}")


def test_labelled_byline_in_a_meta_line_keeps_a_rare_name():
    line = "作者：邹海 熊\u4dae 来源：工人日报 发布时间：2025-04-14 07:11 浏览次数：1024"
    m = BYLINE_IN_LINE.search(line)
    assert m and m.group(0).strip() == "作者：邹海 熊\u4dae"


def test_nav_line_of_rare_characters_is_still_a_nav_line():
    assert is_nav_line("首页 新闻 \u4dae\u4dae 工会 职工 服务")


def test_han_class_excludes_punctuation_and_kana():
    for ch in "，。：、—ア가":
        assert not re.fullmatch(f"[{HAN}]", ch)


# --- which byline: the fuller printed line over the bare 作者 field --------------------

def test_role_line_is_fuller_than_bare_author_field():
    assert is_fuller_byline("工人日报—中工网记者 马学礼 李静楠", "作者：马学礼 李静楠")
    assert is_fuller_byline("本报记者 张三 通讯员 李四", "作者：张三")  # names more people
    assert is_fuller_byline("记者 张三", "张三")  # a bare name list


def test_fuller_line_must_name_the_same_people():
    assert not is_fuller_byline("本报记者 王五", "作者：张三")
    assert not is_fuller_byline("本报记者 张三", "作者：张三 李四")


def test_a_winner_with_a_role_is_kept():
    assert not is_fuller_byline("工人日报—中工网记者 张三", "本报记者 张三")
    assert not is_fuller_byline("作者：张三", "记者 张三")


def test_a_line_without_a_role_is_not_fuller():
    assert not is_fuller_byline("文/张三", "作者：张三")


def _cands(*pairs):
    return [Candidate("byline", v, src, "") for src, v in pairs]


def test_decide_byline_prefers_the_printed_role_line():
    decision = decide_byline(_cands(("header", "作者：马学礼 李静楠"),
                                    ("body-start", "工人日报—中工网记者 马学礼 李静楠")))
    assert decision.value == "工人日报—中工网记者 马学礼 李静楠"
    assert decision.source == "body-start:fuller"


def test_decide_byline_keeps_trust_order_otherwise():
    decision = decide_byline(_cands(("header", "本报记者 张三"), ("body-end", "记者 李四")))
    assert (decision.value, decision.source) == ("本报记者 张三", "header")
    decision = decide_byline(_cands(("header", "作者：张三"), ("body-end", "记者 李四")))
    assert decision.value == "作者：张三"


# --- an unlabelled header line pairing people with their outlet --------------------------

@pytest.mark.parametrize(("line", "byline", "names"), [
    ("石佳/中国青年报", "石佳/中国青年报", ["石佳"]),
    ("张三 李四/新京报", "张三 李四/新京报", ["张三", "李四"]),
    ("王五、赵六 / 工人日报", "王五、赵六 / 工人日报", ["王五", "赵六"]),
    ("中国青年报/石佳", "中国青年报/石佳", ["石佳"]),
    ("澎湃新闻 李四", "澎湃新闻 李四", ["李四"]),
    ("央视新闻客户端 欧阳明", "央视新闻客户端 欧阳明", ["欧阳明"]),
])
def test_name_and_outlet_line_is_a_byline(line, byline, names):
    assert outlet_byline(line) == byline
    assert authors_from_byline(byline) == names


@pytest.mark.parametrize("line", [
    "国际/澎湃新闻",  # a channel beside the outlet, though 国 is a surname
    "澎湃新闻/时事",
    "新京报 时政",
    "首页/国际",  # a breadcrumb: no outlet
    "新京报",  # the outlet alone
    "新京报/环球网",  # two outlets
    "张三/李四",  # no outlet
    "石佳/中国青年报/要闻",  # more than two parts
    "张三/工会动态",  # not an outlet's name
    "原创/中国青年报",
    "他说/中国青年报",  # not a name (no common surname)
    "石佳说这件事是真的/中国青年报",
    "张三 李四 王五 赵六 钱七/新京报",  # a list too long for a byline
    "来源：新京报 张三",
])
def test_other_short_lines_are_not_name_and_outlet_bylines(line):
    assert outlet_byline(line) is None


# --- words that open with a surname character -------------------------------------------------

@pytest.mark.parametrize("line", [
    "国际 时政",  # channel labels of a header strip
    "文化",
    "金融 高考",
    "江苏 安徽",  # provinces: places, not people
    "海外/全球",
])
def test_channel_and_place_words_are_no_name_list(line):
    """The surname test lets through words whose first character is also a surname (国, 时,
    文, 金, 江 …): without a role to vouch for them, they are no person's name anywhere."""
    assert not looks_like_name_list(line)


def test_the_same_words_under_a_role_and_real_names_beside_them():
    assert looks_like_name_list("马学礼 李静楠")
    assert looks_like_name_list("高峰 金晶")  # surnames 高 and 金, not words
