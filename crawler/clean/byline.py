"""Bylines: recognize them and take the person names out of them.

Who counts as an author: reporters (记者), writers (作者, 文/, 撰稿) and 通讯员 — 工人日报 prints
its correspondents as co-authors of the report. Editors (编辑, 责任编辑, 审核 …) and
photographers (摄影, 图/, ``张三 摄``) do not, nor outlets, accounts or promo lines.
"""

from __future__ import annotations

import re

# Words that introduce names in a byline; everything up to and including them is dropped.
_ROLE = r"(?:特约|见习|实习|首席)?(?:记者|通讯员|实习生|撰稿人?|作者|编译|本报)"
# "文/张三": single-character roles only count with their separator.
_SHORT_ROLE = r"文\s*[/／：:]"
_ROLE_PREFIX = re.compile(rf"^(?:.*?{_ROLE}\s*[：:/／]?|{_SHORT_ROLE})\s*")
_HAS_ROLE = re.compile(rf"{_ROLE}|^{_SHORT_ROLE}")
_ANY_ROLE = re.compile(rf"{_ROLE}|编辑|责编|摄影")
# Credits whose names are not authors: editors and photographers.
_NOT_AUTHOR_ROLE = re.compile(r"^(?:责任编辑|责编|编辑|审核|审校|校对|监制|摄影|图片|图\s*[/／：:]|摄\s*[/／：:])\s*[：:/／]?")
_SPLIT = re.compile(r"[\s、，,;；/|]+")
# Han names of 2-4 characters; transliterated names joined by · (阿依古丽·买买提); Latin names.
_HAN_NAME = r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,10}(?:[·•][\u4e00-\u9fff]{1,10})+"
_NAME = re.compile(rf"^(?:{_HAN_NAME})$|^[A-Za-z][A-Za-z .'-]{{1,40}}$")
# Tokens that look like 2-4 Han characters but are not people: labels, promo words, outlets.
_NOT_NAME = re.compile(
    r"点击|关注|扫码|二维码|蓝字|订阅|分享|收藏|转发|点赞|在看|原文|来源|编辑|发布|时间|日期|责任|浏览|"
    r"阅读|客户端|公众号|微信|视频|图片|字号|打印|纠错|举报|评论|原标题|阅读提示|"
    r"(?:网|社|台|报|站|号|部|局|厅|院|所|馆|中心|集团|公司|频道|新闻|工会|日报|晚报)$"
)
_KNOWN_OUTLETS = {"工人日报", "中工网", "本报", "记者", "通讯员", "新华社", "人民网", "人民日报", "央视网"}
_LABEL_WORDS = r"来源|发布|时间|日期|编辑|责编|浏览|阅读|点击|字号|摄影|审核|校对"
_NAME_IN_LINE = rf"(?!{_LABEL_WORDS})(?:[\u4e00-\u9fff]{{1,10}}(?:[·•][\u4e00-\u9fff]{{1,10}})+|[\u4e00-\u9fff]{{2,4}}(?![\u4e00-\u9fff·•]))"
# A labelled byline inside a longer header line: "作者：张三 来源：… 发布时间：…".
BYLINE_IN_LINE = re.compile(
    rf"(?:(?:本报|特约|见习|首席|[^\s：:]{{0,12}}?)?(?:记者|作者|通讯员|撰稿人?|文\s*[/／])\s*[：:/／]?\s*"
    rf"{_NAME_IN_LINE}(?:[\s、，,]+{_NAME_IN_LINE})*\s*)+"
)


def is_person_name(token: str) -> bool:
    return bool(_NAME.match(token)) and token not in _KNOWN_OUTLETS and not _NOT_NAME.search(token)


def looks_like_byline(text: str) -> bool:
    """A short line that names reporters (``本报记者 张三 通讯员 李四``)."""
    if len(text) > 60 or re.search(r"[。！？]", text):
        return False
    if text.startswith(("来源", "责任编辑", "编辑")):
        return False
    return bool(_HAS_ROLE.search(text)) and bool(authors_from_byline(text))


def looks_like_name_list(text: str) -> bool:
    """A line of person names alone (``马学礼 李静楠``), as 人民网 prints its byline."""
    tokens = [t for t in _SPLIT.split(text) if t]
    return 0 < len(tokens) <= 6 and all(
        re.fullmatch(_HAN_NAME, t) and is_person_name(t) for t in tokens
    )


def authors_from_byline(byline: str | None) -> list[str]:
    """Person names only, in printed order: no roles, outlets or punctuation.

    Each name belongs to the role printed before it; names under an editor or photographer
    credit are not authors, and ``张三 摄`` (a photo credit) is dropped.
    """
    if not byline:
        return []
    text = re.sub(r"[（(][^）)]*[）)]", " ", byline)  # (记者 X) wrappers and notes
    text = re.sub(r"[\u4e00-\u9fff]{2,4}\s*摄(?![\u4e00-\u9fff])", " ", text)
    names: list[str] = []
    excluded = False
    for token in _SPLIT.split(text):
        if m := _NOT_AUTHOR_ROLE.match(token):
            excluded, token = True, token[m.end():]
        elif _ROLE_PREFIX.match(token) and _HAS_ROLE.search(token):
            excluded, token = False, _ROLE_PREFIX.sub("", token)
        token = token.strip("：: ")
        if excluded or not token or token in names:
            continue
        if is_person_name(token) and not _ANY_ROLE.search(token):
            names.append(token)
    return names


def names_from_list(values: list[str]) -> list[str]:
    """Person names from machine metadata (JSON-LD ``author``, ``<meta name=author>``)."""
    names: list[str] = []
    for value in values:
        for token in _SPLIT.split(value):
            token = token.strip()
            if token and is_person_name(token) and token not in names:
                names.append(token)
    return names
