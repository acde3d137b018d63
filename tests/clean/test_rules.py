"""Fast in-process tests of the line rules (crawler/clean/rules.py): each rule reads one line.

Lines here are written by hand in the forms Chinese news pages print (SYNTHETIC, no page
copied); each group pairs lines a rule must catch with near misses it must leave alone.
"""

from __future__ import annotations

import pytest

from crawler.clean.rules import (
    END_MARKERS,
    KICKER_DASH,
    META_NOISE,
    ORIGINAL_TITLE,
    PART_MARK,
    RELATED_MARKER,
    SOURCE_IN_META,
    SOURCE_LINE,
    SUMMARY_MARKER,
    is_boilerplate,
    is_nav_line,
    looks_like_heading,
)

CONTENT = [
    "全国总工会成立于1925年5月1日，是中国共产党领导的职工自愿结合的工人阶级群众组织。",
    "记者从全总获悉，今年一季度全国工会共走访慰问一线职工十万余人次。",
    "他说：“我们要当好职工的娘家人。”",
    "编辑部的同志们连夜赶稿。",  # 编辑 without a colon is a word, not a credit
    "全总发表声明，支持职工依法维权。",  # 声明 not at the start
    "上一年度，全省工会经费收入增长5%。",
    "北京 天津 河北 山西",  # four place names: a list in the text, not a nav bar
    "增长率>5%，高于预期。",
]


@pytest.mark.parametrize("line", [
    "您现在的位置：首页 > 新闻",
    "当前位置：中工网 > 全总 > 正文",
    "位置: 首页",
    "首页 > 全总 > 正文",
    "首页 >> 工会 >>",
    "0次浏览",
    "阅读量：1,234",
    "点击数：56",
    "浏览 88 次",
    "分享到：",
    "分享",
    "扫一扫，用手机看新闻",
    "【打印】【关闭】",
    "打印 关闭 收藏",
    "（责任编辑：刘兰）",
    "责编：王五",
    "Copyright © 2025 中工网 版权所有",
    "京ICP备12345678号",
    "上一篇：工会在行动",
    "下一页",
    "免责声明：本文仅代表作者观点。",
    "首页 新闻 评论 财经",
    "要闻 国内 国际 财经 体育 娱乐",
    "编辑 刘晓阳 校对 李铭",
    "【编辑：姚昊】",
    "责任编辑 张三",
    "审核 李四、王五 终审 赵六",
    # A pointer to another article under a related-list label (its title is a link).
    "此前报道：港媒称某工厂复工前首次受访 称“对不起大家”",
    "相关报道：全省工会启动夏季送清凉活动",
    "延伸阅读： 一图读懂工会经费怎么用",
    # A pointer to the site's topic page under the article (its name is a link).
    "相关资讯请关注:某某游戏专区",
    "更多精彩内容请关注：工会频道",
    "相关资讯：全省工会启动夏季送清凉活动",
])
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", CONTENT + [
    "编辑部召开会议讨论明年选题",  # 编辑部 is not a credit
    "编辑 张三说，这本书写得很好。",
    "此前报道称，该企业已完成整改。",  # no label: a sentence of the text
    "相关报道：据了解，该项目已于去年完成验收，共投入资金三千万元。",  # a sentence after it
    "更多详情请关注本报后续报道。",  # a sentence of the text
    "相关资讯请关注：据了解，该项目已于去年完成验收，共投入资金三千万元。",
])
def test_content_lines_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_nav_line_needs_short_word_tokens_and_a_home_word_or_six_of_them():
    assert is_nav_line("首页 | 新闻 | 评论 | 财经")
    assert is_nav_line("要闻 国内 国际 财经 体育 娱乐")
    assert not is_nav_line("要闻 国内 国际 财经")  # four tokens, no 首页
    assert not is_nav_line("首页 新闻 评论")  # three tokens
    assert not is_nav_line("首页 全国各级工会组织 评论 财经")  # a token longer than six
    assert not is_nav_line("首页 新闻 评论 2025")  # digits are not a nav word


@pytest.mark.parametrize("line", ["相关阅读", "相关新闻：", "猜你喜欢", "热门推荐:", "往期回顾",
                                  "点击进入专题：", "相关专题", "相关日志", "相关博文："])
def test_end_markers(line):
    assert END_MARKERS.match(line)


@pytest.mark.parametrize("line", ["相关新闻报道显示，职工满意度上升。", "我们猜你喜欢这篇", "相关"])
def test_end_marker_must_be_the_whole_line(line):
    assert not END_MARKERS.match(line)


@pytest.mark.parametrize(("line", "rest"), [
    ("阅读提示", ""),
    ("【阅读提示】", ""),
    ("阅读提示：本文讲述宁夏工会的一年。", "本文讲述宁夏工会的一年。"),
    ("【 摘要 】一年来成绩斐然", "一年来成绩斐然"),
    ("核心提示: 三个关键词", "三个关键词"),
])
def test_summary_marker_keeps_what_follows(line, rest):
    m = SUMMARY_MARKER.match(line)
    assert m is not None and m["rest"] == rest


def test_summary_marker_is_at_the_start_only():
    assert SUMMARY_MARKER.match("本文摘要如下") is None


@pytest.mark.parametrize(("line", "hit"), [
    ("新闻链接", True), ("【新闻链接】", True), ("新闻链接：", True),
    ("新闻链接很多", False), ("相关新闻链接", False),
])
def test_related_marker(line, hit):
    assert bool(RELATED_MARKER.match(line)) is hit


@pytest.mark.parametrize(("line", "source"), [
    ("来源：工人日报", "工人日报"),
    ("文章来源: 人民网 ", "人民网"),
    ("来源： 中工网", "中工网"),
])
def test_source_line(line, source):
    m = SOURCE_LINE.match(line)
    assert m is not None and m["source"] == source


@pytest.mark.parametrize("line", ["来源：", "消息来源可靠，记者核实了情况。"])
def test_not_a_source_line(line):
    assert SOURCE_LINE.match(line) is None


@pytest.mark.parametrize(("line", "source"), [
    ("2025-04-10 07:05 来源：工人日报 作者：张三", "工人日报"),
    ("2025年04月09日08:30 来源:中工网—工人日报", "中工网—工人日报"),
])
def test_source_in_meta_line(line, source):
    m = SOURCE_IN_META.search(line)
    assert m is not None and m["source"] == source


def test_original_title():
    m = ORIGINAL_TITLE.match("原标题：宁夏工会团结引领职工建功立业")
    assert m is not None and m["rest"] == "宁夏工会团结引领职工建功立业"
    assert ORIGINAL_TITLE.match("原标题：") is None
    assert ORIGINAL_TITLE.match("文章原标题：x") is None
    for line in ("（原标题：姚明说了啥？周琦判若两人）", "(原标题: 姚明说了啥？周琦判若两人)"):
        m = ORIGINAL_TITLE.match(line)
        assert m is not None and m["rest"] == "姚明说了啥？周琦判若两人", line
    m = ORIGINAL_TITLE.match("原标题：宁夏工会团结引领职工建功立业（引题）")
    assert m is not None and m["rest"] == "宁夏工会团结引领职工建功立业（引题）"  # the part mark stays


@pytest.mark.parametrize(("line", "text", "part"), [
    ("宁夏工会团结引领职工建功立业——（引题）", "宁夏工会团结引领职工建功立业——", "引题"),
    ("第1篇 凝聚职工奋进力量(主题)", "第1篇 凝聚职工奋进力量", "主题"),
    ("庆祝全总成立100周年 （副题）", "庆祝全总成立100周年", "副题"),
])
def test_part_marks(line, text, part):
    m = PART_MARK.match(line)
    assert m is not None and (m["text"], m["part"]) == (text, part)


def test_part_mark_must_end_the_line():
    assert PART_MARK.match("（引题）之后还有正文") is None
    assert PART_MARK.match("宁夏工会（总工会）") is None


@pytest.mark.parametrize(("line", "text"), [
    ("宁夏工会团结引领职工建功立业——", "宁夏工会团结引领职工建功立业"),
    ("团结奋进 —", "团结奋进"),
    ("建功新时代--", "建功新时代"),
])
def test_kicker_dash(line, text):
    m = KICKER_DASH.match(line)
    assert m is not None and m["text"] == text


def test_a_dash_inside_the_line_is_no_kicker():
    assert KICKER_DASH.match("职工——新时代的主人") is None


@pytest.mark.parametrize(("line", "rest"), [
    ("发布时间：2025-04-10 07:05", "2025-04-10 07:05"),
    ("日期:2025年4月10日", "2025年4月10日"),
    ("更新时间 2025-04-11", "2025-04-11"),
    ("2025-04-10", "2025-04-10"),  # no label: unchanged
])
def test_meta_noise_label_is_cut(line, rest):
    assert META_NOISE.sub("", line, count=1) == rest


LONG = "在重点项目建设一线，工会组织开展主题劳动竞赛，累计参与职工超过十万人次，营造了浓厚氛围。"


@pytest.mark.parametrize("line", [
    "竭诚服务职工，当好“娘家人”",
    "一、强化思想政治引领",
    "产业工人队伍建设改革走深走实",
])
def test_heading_is_short_unpunctuated_and_followed_by_a_longer_paragraph(line):
    assert looks_like_heading(line, LONG)


@pytest.mark.parametrize(("line", "next_text"), [
    ("这是一个完整的句子。", LONG),  # sentence-final punctuation
    ("记者了解到：", LONG),  # a colon introduces, it does not head
    ("他说这是“新的开始…”", LONG),  # the sentence ends before the closing quote
    ("“娘家人”来了！真好", LONG),  # a sentence end inside
    ("工会", LONG),  # too short
    ("全国各级工会团结动员广大职工建功新时代推动产业工人队伍建设改革走深走实", LONG),  # too long
    ("竭诚服务职工，当好“娘家人”", None),  # the last line: nothing to head
    ("竭诚服务职工，当好“娘家人”", "短的一行"),  # the next line is no longer
])
def test_not_a_heading(line, next_text):
    assert not looks_like_heading(line, next_text)
