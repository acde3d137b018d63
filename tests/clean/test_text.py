"""Plain-text helpers shared by every field."""

from __future__ import annotations

import pytest

from crawler.clean.text import clean_text, without_site_suffix


@pytest.mark.parametrize(("title", "headline"), [
    ("宁夏工会：奋力谱写新篇章 - 中工网", "宁夏工会：奋力谱写新篇章"),
    ("百年初心薪火相传_新闻_网易", "百年初心薪火相传"),
    ("关于做好疗休养工作的通知__2025年第9号全总公报_公报网", "关于做好疗休养工作的通知"),
    ("标题｜人民网", "标题"),
    ("没有后缀的标题", "没有后缀的标题"),
    ("- 中工网", "- 中工网"),  # nothing would be left: unchanged
])
def test_without_site_suffix(title, headline):
    assert without_site_suffix(title) == headline


def test_clean_text_drops_invisible_characters_and_collapses_space():
    assert clean_text("\u3000\u3000职工\u200b之家&amp;nbsp;\n 服务\u00ad ") == "职工之家 服务"
