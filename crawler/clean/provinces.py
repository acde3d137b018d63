"""Provincial-level federations: short names, full names, and the aliases pages print."""

from __future__ import annotations

import re

# short name -> full administrative name
PROVINCES: dict[str, str] = {
    "北京": "北京市", "天津": "天津市", "河北": "河北省", "山西": "山西省",
    "内蒙古": "内蒙古自治区", "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省",
    "上海": "上海市", "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省",
    "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省",
    "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省", "广西": "广西壮族自治区",
    "海南": "海南省", "重庆": "重庆市", "四川": "四川省", "贵州": "贵州省",
    "云南": "云南省", "西藏": "西藏自治区", "陕西": "陕西省", "甘肃": "甘肃省",
    "青海": "青海省", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
    "新疆生产建设兵团": "新疆生产建设兵团",
}

# Longest first, so 新疆生产建设兵团 wins over 新疆.
_NAMES = sorted(
    {n for short, full in PROVINCES.items() for n in (short, full)}, key=len, reverse=True
)
_ANY = re.compile("|".join(map(re.escape, _NAMES)))
_FULL_TO_SHORT = {full: short for short, full in PROVINCES.items()}
_SUFFIXES = ("总工会", "工会", "省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区")


def normalize_province(name: str | None) -> str | None:
    """``宁夏``, ``宁夏回族自治区``, ``宁夏工会``, ``宁夏回族自治区总工会`` -> ``宁夏``."""
    if not name:
        return None
    name = "".join(name.split())
    if name in _PRINTED:  # the forms pages print: one look-up, no suffix search
        return _PRINTED[name]
    if name in PROVINCES:
        return name
    if name in _FULL_TO_SHORT:
        return _FULL_TO_SHORT[name]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            found = normalize_province(name[: -len(suffix)])
            if found:
                return found
    return None


# Every short or full name with one suffix (宁夏工会, 宁夏回族自治区总工会) and what the suffix
# search above makes of it, worked out once here: the member names of a series page.
_PRINTED: dict[str, str | None] = {}
_PRINTED.update({form: normalize_province(form)
                 for form in {n + suffix for n in _NAMES for suffix in ("", *_SUFFIXES)}})


def first_province_in(text: str) -> str | None:
    """The first province named anywhere in ``text``."""
    m = _ANY.search(text or "")
    return normalize_province(m.group(0)) if m else None


def known_names() -> list[str]:
    return list(PROVINCES)
