"""How an extractor's output is compared with gold, field by field.

* text: character bigrams (a multiset) after width folding and removal of all white space;
  precision = shared / extracted bigrams, recall = shared / gold bigrams, F1.
* title: equal after width folding and removal of all white space.
* published_at: parsed to a calendar date and, when a time is given, a minute (naive times
  are taken as +08:00, aware times converted to +08:00). "date right" = same date; "minute
  right" = same minute when the gold has a time (an output with only a date is wrong), same
  date when the gold has only a date. Gold null (the page shows no date): right only when
  the extractor gives none either.
* authors: equal lists after width folding and removal of white space in each name (a peer's
  single author string is split on ``; ， 、 / |`` and white space first).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone

_FOLD = str.maketrans("，：；（）！？【】　", ",:;()!?[] ")
_WS = re.compile(r"\s+")
_AUTHOR_SPLIT = re.compile(r"[;；,，、/|\s]+")
_WHEN = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*T?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?"
    r"(?:\.\d+)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
CST = timezone(timedelta(hours=8))


def fold(text: str) -> str:
    """Full-width punctuation folded to ASCII (NFKC plus a few CJK marks), white space removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", text or "").translate(_FOLD))


# -- body text --------------------------------------------------------------------------------
def bigrams(text: str) -> Counter:
    s = fold(text)
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def prf(pred: str | None, gold: str) -> tuple[float, float, float]:
    p, g = bigrams(pred or ""), bigrams(gold)
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else (1.0 if not g else 0.0)
    recall = overlap / sum(g.values()) if g else (1.0 if not p else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# -- title ------------------------------------------------------------------------------------
def title_right(pred: str | None, gold: str | None) -> bool:
    return fold(pred or "") == fold(gold or "")


# -- published_at -----------------------------------------------------------------------------
def parse_when(value: str | None) -> tuple[date, datetime | None] | None:
    """(date, minute or None) of the first date in ``value``; None when there is none."""
    m = _WHEN.search(value or "")
    if not m:
        return None
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None:
            return day, None
        tz = CST
        if m["tz"] == "Z":
            tz = UTC
        elif m["tz"]:
            sign = 1 if m["tz"][0] == "+" else -1
            hh, mm = int(m["tz"][1:3]), int(m["tz"][-2:])
            tz = timezone(sign * timedelta(hours=hh, minutes=mm))
        when = datetime(day.year, day.month, day.day, int(m["H"]), int(m["M"]), tzinfo=tz)
    except ValueError:
        return None
    when = when.astimezone(CST)
    return when.date(), when


def when_right(pred: str | None, gold: str | None) -> tuple[bool, bool]:
    """(date right, to-the-minute right) of ``pred`` against ``gold`` (see the module doc)."""
    g = parse_when(gold)
    p = parse_when(pred)
    if g is None:
        return p is None, p is None
    if p is None:
        return False, False
    date_ok = p[0] == g[0]
    if g[1] is None:
        return date_ok, date_ok
    return date_ok, p[1] is not None and p[1] == g[1]


# -- authors ----------------------------------------------------------------------------------
def author_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    items = _AUTHOR_SPLIT.split(value) if isinstance(value, str) else value
    return [f for f in (fold(a) for a in items) if f]


def authors_right(pred: str | list[str] | None, gold: list[str] | None) -> bool:
    return author_list(pred) == author_list(gold or [])


def source_right(pred: str | None, gold: str | None) -> bool:
    return fold(pred or "") == fold(gold or "")
