"""Line rules: which lines are boilerplate, which are markers, which carry fields.

Each rule reads one cleaned line of text. Keeping them here, apart from the assembly logic,
lets a new site's boilerplate be handled by adding a pattern, not a branch.
"""

from __future__ import annotations

import re

# Every Han ideograph: the basic block, Extension A (U+3400-4DBF: 熊䶮's 䶮), compatibility
# ideographs, and Extensions B-I with their compatibility supplement (planes 2 and 3). Names
# and place names use rare characters; a class that stops at U+9FFF drops them.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"

_NAV_WORDS = re.compile(r"^(?:首页|主页|网站首页|返回首页)\b")

# Whole lines that are never content.
BOILERPLATE = [
    re.compile(r"^(?:您|你)?(?:现在|当前|所在)?的?位置\s*[：:]"),  # breadcrumbs: 您所在的位置：
    re.compile(r"^[^。！？]{0,40}(?:>>|&gt;&gt;|>|›|»)\s*(?:正文)?\s*$"),  # 首页 > 频道 >
    re.compile(r"^\s*\d[\d,]*\s*次浏览"),  # 0次浏览
    re.compile(r"(?:阅读|浏览|点击|访问)(?:次数|量)?\s*[：:]?\s*\d[\d,]*\s*次?\s*$"),
    re.compile(r"^(?:浏览次数|点击数|阅读数|阅读量)\s*[：:]"),
    re.compile(r"^(?:分享到|分享至|扫一扫|打印本页|关闭窗口|【打印】|【关闭】|字号[：:])"),
    re.compile(r"^分享\s*[：:]?\s*$"),
    re.compile(r"^(?:免责)?声明\s*[：:].{0,200}$"),  # disclaimers under the article
    re.compile(r"^[【\[]?(?:打印|关闭|收藏|纠错|推荐)[】\]]?(?:\s*[【\[]?(?:打印|关闭|收藏|纠错|推荐|分享)[】\]]?)*$"),
    re.compile(r"^[（(]?\s*(?:责任编辑|责编|编辑|审核|校对|监制|值班编辑)\s*[：:]"),
    re.compile(r"^[（(]\s*(?:责任编辑|责编|编辑)\s*[：:].*[）)]$"),
    # Staff credits without a colon, one line of them: 编辑 刘晓阳 校对 李铭, 【编辑 姚昊】.
    re.compile(rf"^[【\[（(]?(?:\s*(?:责任编辑|责编|编辑|审核|审校|校对|监制|值班编辑|[一二三初复终]审)"
               rf"(?:\s*[：:/／]\s*|\s+)[{HAN}·]{{2,4}}(?:[、，,]\s*[{HAN}·]{{2,4}})*)+\s*[】\]）)]?$"),
    re.compile(r"版权所有|©|京公网安备"),
    re.compile(r"ICP备|Copyright|All Rights Reserved", re.I),  # case-blind: Latin words only
    re.compile(r"^(?:上一篇|下一篇|上一页|下一页|返回顶部|返回列表)\s*[：:]?"),
    # Account promo lines (WeChat-style): follow us, scan the QR code, read the original, like.
    re.compile(r"^[^。！？]{0,12}(?:点击?(?:上方|下方)?蓝字|扫码关注|扫描(?:上方|下方)?二维码|"
               r"长按(?:识别)?二维码|点个?在看)[^。！？]{0,24}$"),
    re.compile(r"^(?:点击)?阅读原文\S{0,8}$"),
    # A pointer to another article under a related-list label (此前报道：<a>title</a>); a label
    # followed by a sentence is the text's own.
    re.compile(r"^(?:(?:此前|相关|更多|前期|早前|往期|系列)报道|相关(?:阅读|新闻|资讯|链接|文章|专题)|"
               r"(?:延伸|推荐|扩展|拓展)阅读)\s*[：:][^。]{2,60}$"),
    # A pointer to the site's topic page or channel (相关资讯请关注：<a>某某专区</a>); a sentence
    # (更多详情请关注本报后续报道。) is the text's own.
    re.compile(r"^(?:更多|相关)[^。！？：:，,\s]{0,8}请(?:关注|访问|点击|查看)\s*[：:]?[^。！？]{0,40}$"),
    re.compile(r"^(?:(?:在看|点赞|赞|分享|收藏|转发)\s*\d*[\s|丨/、]*){1,5}$"),
]

# A line that closes the article: what follows is site furniture.
END_MARKERS = re.compile(
    r"^(?:相关文章|相关日志|相关博文|相关阅读|相关新闻|相关链接|相关推荐|热门推荐|推荐阅读|为你推荐|为您推荐|"
    r"猜你喜欢|热点推荐|精彩推荐|更多精彩|热门新闻|更多新闻|网友评论|发表评论|我要评论|"
    r"热门文章|最新文章|排行榜|往期回顾|(?:点击)?进入专题|相关专题)\s*[：:]?$"
)
# A heading that closes the article only when a list of links follows it: 延伸阅读 may also
# head a background section of the text's own.
LIST_MARKER = re.compile(r"^(?:延伸|扩展|拓展)阅读\s*[：:]?$")
SUMMARY_MARKER = re.compile(
    r"^(?:【\s*)?(?:阅读提示|摘要|导读|内容提要|核心提示)(?:\s*】)?\s*[：:]?\s*(?P<rest>.*)$"
)
RELATED_MARKER = re.compile(r"^(?:【\s*)?新闻链接(?:\s*】)?\s*[：:]?$")
SOURCE_LINE = re.compile(r"^(?:文章)?来源\s*[：:]\s*(?P<source>[^\s].{0,40}?)\s*$")
# The source ends at a space or at the next bracketed control (【字体：大 中 小】, 【打印】).
SOURCE_IN_META = re.compile(r"来源\s*[：:]\s*(?P<source>[^\s【\[]+(?:\s?[-—][^\s【\[]+)?)")
# 原标题：… , also in brackets: （原标题：…）. The closing bracket goes only with an opening one
# (原标题：…（引题） keeps its part mark).
ORIGINAL_TITLE = re.compile(r"^(?P<open>[（(])?\s*原标题\s*[：:]\s*(?P<rest>.+?)(?(open)\s*[）)]|)$")
PART_MARK = re.compile(r"^(?P<text>.*?)\s*[（(](?P<part>引题|主题|副题|肩题|眉题)[）)]\s*$")
KICKER_DASH = re.compile(r"^(?P<text>.+?)\s*(?:——|—|--)\s*$")
META_NOISE = re.compile(r"^(?:发布时间|发布日期|时间|日期|更新时间)\s*[：:]?\s*")
# A list item's bullet or number printed outside its link: "● <a>title</a>", "1. <a>…</a>",
# "※※ <a>…</a>". Read by the flattener (such a line is a link line) and by the 新闻链接 reader.
# A number is a bullet only when no digit follows its mark ("1.5万名职工" is text).
LIST_BULLET = re.compile(r"^\s*(?:[●•◆◇■□▪▫▶►▸○◎★☆※·\-*]+|\d{1,2}\s*[.、．)）](?!\d))\s*")
# A line made of short navigation words only: 首页 小说推荐 实时讯息 …
_NAV_TOKEN = re.compile(rf"^[{HAN}A-Za-z]{{2,6}}$")
_NAV_SPLIT = re.compile(r"[\s|｜/·]+")
# A sentence ends in the line: it is prose, not a heading, label or name list.
SENTENCE_MARK = re.compile(r"[。！？]")


# The shape every navigation line has (four or more such tokens between separators): one C
# call turns down the many lines of prose before they are split into tokens.
_NAV_SHAPE = re.compile(rf"[\s|｜/·]*(?:[{HAN}A-Za-z]{{2,6}}[\s|｜/·]+){{3,}}[{HAN}A-Za-z]{{2,6}}[\s|｜/·]*")


def is_nav_line(text: str) -> bool:
    if not _NAV_SHAPE.fullmatch(text):
        return False
    tokens = [t for t in _NAV_SPLIT.split(text) if t]
    return (
        len(tokens) >= 4
        and all(_NAV_TOKEN.match(t) for t in tokens)
        and bool(_NAV_WORDS.match(tokens[0]) or len(tokens) >= 6)
    )


# The line-start patterns tried as one (one match call a line, not one each).
_AT_START = re.compile("|".join(f"(?:{p.pattern})" for p in BOILERPLATE
                                if p.pattern.startswith("^") and not p.flags & re.I))
# Those that may match anywhere, searched one by one: alone, a pattern keeps the table of first
# characters sre skips ahead by (an alternation of patterns has none: every branch is tried at
# every character of a long line, and ignoring case costs as much again).
_ANYWHERE = [p for p in BOILERPLATE if not p.pattern.startswith("^") and not p.flags & re.I]
# Case-blind patterns name Latin words only, so they are searched only on lines holding a Latin
# letter or one of the four other characters that match one when case is ignored (İ ı ſ K).
_CASE_BLIND = [p for p in BOILERPLATE if p.flags & re.I]
_LATIN = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")


def is_boilerplate(text: str) -> bool:
    if is_nav_line(text) or _AT_START.match(text):
        return True
    for pattern in _ANYWHERE:
        if pattern.search(text):
            return True
    return bool(_LATIN.search(text)) and any(p.search(text) for p in _CASE_BLIND)


_SENTENCE_END = "。！？!?；;…：:"
_CLOSERS = "”’」』\"'）)》"


def looks_like_heading(text: str, next_text: str | None) -> bool:
    """A short line without sentence-final punctuation, followed by a longer paragraph.

    A closing quote or bracket may end a heading (当好职工“娘家人”); what counts is the
    punctuation before it.
    """
    if not 4 <= len(text) <= 32:
        return False
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] in _SENTENCE_END or SENTENCE_MARK.search(text):
        return False
    return next_text is not None and len(next_text) > len(text) * 1.5
