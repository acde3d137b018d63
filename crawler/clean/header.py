"""One header line -> the evidence it carries (time, source, byline), whatever the layout.

Header lines are the lines between the title and the body, and the body's first and last
lines. A line may carry several fields at once (``作者：张三 来源：工人日报 发布时间：…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.clean import rules
from crawler.clean.byline import BYLINE_IN_LINE, authors_from_byline, looks_like_byline
from crawler.clean.dates import (
    NOT_PUBLICATION,
    PUBLICATION_LABEL,
    RELATIVE_RE,
    SHORT_RE,
    find_stamps,
)
from crawler.items import Candidate

_COUNTER = re.compile(r"(?:浏览|阅读|点击|访问|评论)(?:次数|量|数)?\s*[：:]?\s*\d|\d+\s*次(?:浏览|阅读)")
_LABEL_BEFORE = 12  # characters before a date where its label may stand


@dataclass
class LineEvidence:
    candidates: list[Candidate] = field(default_factory=list)
    is_meta: bool = False  # the line is header furniture (time, source, counters, bylines)


def _dates(text: str, where: str) -> list[Candidate]:
    if NOT_PUBLICATION.search(text):
        return []
    out = []
    for stamp in find_stamps(text):
        at = text.find(str(stamp.when.year))
        before = text[max(0, at - _LABEL_BEFORE):at] if at >= 0 else ""
        kind = "labelled" if PUBLICATION_LABEL.search(before) else "bare"
        out.append(Candidate("published_at", stamp.iso(), where, kind))
    if not out and (m := SHORT_RE.search(text)):
        out.append(Candidate("published_at", m.group(0), where, "yearless"))
    elif not out and (m := RELATIVE_RE.search(text)):  # 昨天 18:47: resolved in decide
        out.append(Candidate("published_at", m.group(0), where, "relative"))
    return out


def read_line(text: str, where: str) -> LineEvidence:
    """The evidence one header line carries; ``where`` names the zone (header, body-start …)."""
    ev = LineEvidence()
    short = len(text) <= 120 and not rules.SENTENCE_MARK.search(text)
    dates = _dates(text, where) if short else []
    ev.candidates += dates
    if m := rules.SOURCE_IN_META.search(text):
        ev.candidates.append(Candidate("source", m["source"].strip(), where, "来源"))
    elif m := rules.SOURCE_LINE.match(text):
        ev.candidates.append(Candidate("source", m["source"], where, "来源"))
    if short and (m := BYLINE_IN_LINE.search(text)) and authors_from_byline(m.group(0)):
        ev.candidates.append(Candidate("byline", m.group(0).strip(), where, "labelled"))
    elif looks_like_byline(text):
        ev.candidates.append(Candidate("byline", text, where, "byline line"))
    ev.is_meta = short and (bool(ev.candidates) or bool(_COUNTER.search(text)))
    return ev
