"""The series: its name, its title form, and parsing titles of that form."""

from __future__ import annotations

import re

from crawler.clean.provinces import normalize_province

SERIES = "永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼"
SEP = "丨"  # U+4E28, as printed

_DOT = r"[·•・‧.]"
_BAR = r"\s*[丨|｜]\s*"
# The name as printed in titles and in the banner (which has 丨 instead of the middle space).
SERIES_NAME_RE = re.compile(
    rf"永远跟党走\s*奋进新征程(?:\s+|{_BAR})庆祝全总成立\s*100\s*周年\s*{_DOT}?\s*巡礼"
)
TITLE_RE = re.compile(
    rf"^\s*(?:【\s*)?{SERIES_NAME_RE.pattern}\s*(?:】\s*)?{_BAR}?"
    r"(?P<province>[\u4e00-\u9fff]{2,12}?)(?:总)?工会\s*[：:]\s*(?P<headline>.+?)\s*$"
)
BANNER_RE = re.compile(rf"^\s*【\s*{SERIES_NAME_RE.pattern}\s*】\s*")


def parse_series_title(text: str) -> tuple[str, str] | None:
    """``(province, headline)`` of a title in the series form, else None."""
    m = TITLE_RE.match(text or "")
    if not m:
        return None
    province = normalize_province(m["province"])
    if province is None:
        return None
    return province, m["headline"]


def canonical_title(province: str, headline: str) -> str:
    return f"{SERIES}{SEP}{province}工会：{headline}"


def strip_banner(text: str) -> tuple[str, bool]:
    """Text without a leading series banner, and whether there was one."""
    m = BANNER_RE.match(text)
    return (text[m.end():], True) if m else (text, False)


def is_series_text(text: str) -> bool:
    return bool(SERIES_NAME_RE.search(text or ""))
