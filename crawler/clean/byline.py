"""Bylines: recognize them and take the names out of them."""

from __future__ import annotations

import re

# Words that introduce names in a byline; everything up to and including them is dropped.
_ROLE = r"(?:特约|见习|实习|首席)?(?:记者|通讯员|实习生|撰稿人?|作者|摄影|编译|本报)"
# "文/张三", "图：李四": single-character roles only count with their separator.
_SHORT_ROLE = r"(?:文|图|摄)\s*[/／：:]"
_ROLE_PREFIX = re.compile(rf"^(?:.*?{_ROLE}\s*[：:/／]?|{_SHORT_ROLE})\s*")
_HAS_ROLE = re.compile(rf"{_ROLE}|^{_SHORT_ROLE}")
_ANY_ROLE = re.compile(rf"{_ROLE}|编辑|责编")
# An editor credit: the names after it are not authors ("编辑 王丽", "责编：李四").
_EDITOR = re.compile(r"^(?:责任编辑|责编|编辑|审核|校对|监制)\s*[：:]?")
_SPLIT = re.compile(r"[\s、，,;；/|]+")
# Han names of 2-4 characters; transliterated names joined by · (阿依古丽·买买提); Latin names.
_HAN_NAME = r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,10}(?:[·•][\u4e00-\u9fff]{1,10})+"
_NAME = re.compile(rf"^(?:{_HAN_NAME})$|^[A-Za-z][A-Za-z .'-]{{1,40}}$")
_NOT_NAMES = {"工人日报", "中工网", "本报", "记者", "通讯员", "新华社", "人民网", "人民日报"}


def looks_like_byline(text: str) -> bool:
    """A short line that names reporters (``本报记者 张三 通讯员 李四``)."""
    if len(text) > 60 or re.search(r"[。！？]", text):
        return False
    if text.startswith(("来源", "责任编辑", "编辑")):
        return False
    return bool(_HAS_ROLE.search(text)) and bool(authors_from_byline(text))


def looks_like_name_list(text: str) -> bool:
    """A line of names alone (``马学礼 李静楠``), as 人民网 prints its byline."""
    tokens = [t for t in _SPLIT.split(text) if t]
    return 0 < len(tokens) <= 6 and all(
        re.fullmatch(_HAN_NAME, t) and t not in _NOT_NAMES for t in tokens
    )


def authors_from_byline(byline: str | None) -> list[str]:
    """Names only, in printed order: no roles, outlets or punctuation.

    Each name belongs to the role printed before it; names under an editor role
    (编辑, 责任编辑 …) are not authors.
    """
    if not byline:
        return []
    text = re.sub(r"[（(][^）)]*[）)]", " ", byline)  # (记者 X) wrappers and notes
    names: list[str] = []
    editor = False
    for token in _SPLIT.split(text):
        if m := _EDITOR.match(token):
            editor, token = True, token[m.end():]
        elif _ROLE_PREFIX.match(token) and _HAS_ROLE.search(token):
            editor, token = False, _ROLE_PREFIX.sub("", token)
        token = token.strip("：: ")
        if editor or not token or token in _NOT_NAMES or token in names:
            continue
        if _NAME.match(token) and not _ANY_ROLE.search(token):
            names.append(token)
    return names
