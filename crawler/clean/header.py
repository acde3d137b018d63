"""One header line -> the evidence it carries (time, source, byline), whatever the layout.

Header lines are the lines between the title and the body, and the body's first and last
lines. A line may carry several fields at once (``作者：张三 来源：工人日报 发布时间：…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.clean import rules
from crawler.clean.byline import (
    BYLINE_IN_LINE,
    authors_from_byline,
    looks_like_byline,
    outlet_byline,
)
from crawler.clean.dates import (
    DATE_RE,
    FOOTER_LINE,
    NOT_PUBLICATION,
    NOT_PUBLICATION_AFTER,
    PUBLICATION_LABEL,
    RELATIVE_RE,
    SHORT_RE,
    printed_dates,
)
from crawler.items import Candidate

_COUNTER = re.compile(r"(?:浏览|阅读|点击|访问|评论)(?:次数|量|数)?\s*[：:]?\s*\d|\d+\s*次(?:浏览|阅读)")
_LABEL_BEFORE = 12  # characters before a date where its label may stand
_LABEL_AFTER = 6  # characters after a date where a word may say what it is (… 更新)
_DIGIT = re.compile(r"\d")
# 来源 without a colon (来源CSDN, 来源 工人日报): a token of a header strip, read only on a line
# that also carries a date or a byline, so prose (来源不明…, 数据来源…) is not a source.
_SOURCE_BARE = re.compile(
    r"(?:^|(?<=[\s|｜丨/]))(?:文章)?来源(?![：:于自])\s*(?P<source>[^\s|｜丨/【\[：:]{2,30})(?=[\s|｜丨/]|$)"
)
# 来源于： with its colon is the 来源 label too (来源于：东区办事处).
_SOURCE_FROM = re.compile(r"(?:^|(?<=[\s|｜丨/]))(?:文章)?来源于\s*[：:]\s*(?P<source>[^\s【\[]+)")
# The next label of a header strip: a value glued to it ends there (来源：证券时报网作者：李在山),
# and an empty 来源： label must not take it (or a separator) for its value.
_NEXT_LABEL = re.compile(
    r"(?:作者|记者|通讯员|编辑|责编|发布|发表|时间|日期|更新|浏览|阅读|点击)[^\s：:]{0,2}\s*[：:]"
)
_WORD = re.compile(rf"[{rules.HAN}A-Za-z0-9]")


@dataclass
class LineEvidence:
    candidates: list[Candidate] = field(default_factory=list)
    is_meta: bool = False  # the line is header furniture (time, source, counters, bylines)


def _label(text: str, start: int, since: int) -> str:
    """The text just before a date at ``start``, not reaching back past ``since`` (the end of
    the previous date on the line)."""
    return text[max(since, start - _LABEL_BEFORE):start]


def _names_other_event(text: str, label: str, end: int) -> bool:
    """The date's ``label`` or the word right after it (at ``end``) says the date is not the
    publication's. A word with a number after it is a counter (评论(5), 访问量 1234), not the
    date's label."""
    if any(not _DIGIT.search(label, m.end()) for m in NOT_PUBLICATION.finditer(label)):
        return True
    return bool(NOT_PUBLICATION_AFTER.match(text[end:end + _LABEL_AFTER]))


def _dates(text: str, where: str) -> list[Candidate]:
    """Each date on the line, labelled by the text just before it: one line may carry the
    publication and the update time, and a counter elsewhere (0 条评论) hides nothing."""
    if FOOTER_LINE.search(text):
        return []
    out = []
    since = 0
    for m, stamp, own_label in printed_dates(text):
        label = _label(text, m.start(), since)
        if not _names_other_event(text, label, m.end()):
            kind = "labelled" if own_label or PUBLICATION_LABEL.search(label) else "bare"
            out.append(Candidate("published_at", stamp.iso(), where, kind))
        since = m.end()
    if out:
        return out
    for pattern, kind in ((SHORT_RE, "yearless"), (RELATIVE_RE, "relative")):  # decided later
        if (m := pattern.search(text)) and not _names_other_event(
                text, _label(text, m.start(), 0), m.end()):
            return [Candidate("published_at", m.group(0), where, kind)]
    return out


def _source(text: str, short: bool, dated: bool) -> str | None:
    m = rules.SOURCE_IN_META.search(text) or rules.SOURCE_LINE.match(text) or _SOURCE_FROM.search(text)
    if m is None and short and (dated or BYLINE_IN_LINE.search(text)):
        m = _SOURCE_BARE.search(text)
    return _label_value(m["source"]) if m else None


def _label_value(value: str) -> str | None:
    """A label's value up to the next label glued to it; None when nothing is left but
    separators (an empty label)."""
    if (m := _NEXT_LABEL.search(value)) is not None:
        value = value[:m.start()]
    value = value.strip(" |｜丨/·")
    return value if _WORD.search(value) else None


def _without_dates(text: str) -> str:
    """The line with its printed dates cut out (``石佳/中国青年报 2019-09-24 09:10``)."""
    return DATE_RE.sub(" ", text).strip(" |｜丨·") if _DIGIT.search(text) else text


def read_line(text: str, where: str) -> LineEvidence:
    """The evidence one header line carries; ``where`` names the zone (header, body-start …)."""
    ev = LineEvidence()
    short = len(text) <= 120 and not rules.SENTENCE_MARK.search(text)
    dates = _dates(text, where) if short else []
    ev.candidates += dates
    if source := _source(text, short, bool(dates)):
        ev.candidates.append(Candidate("source", source, where, "来源"))
    if short and (m := BYLINE_IN_LINE.search(text)) and authors_from_byline(m.group(0)):
        ev.candidates.append(Candidate("byline", m.group(0).strip(), where, "labelled"))
    elif looks_like_byline(text):
        ev.candidates.append(Candidate("byline", text, where, "byline line"))
    elif where == "header" and short and (line := outlet_byline(_without_dates(text))):
        ev.candidates.append(Candidate("byline", line, where, "name/outlet"))
    ev.is_meta = short and (bool(ev.candidates) or bool(_COUNTER.search(text)))
    return ev
