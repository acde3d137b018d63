"""Series: a name, titles of the form ``<name><sep><member>：<headline>``, and learning both.

中工网 and 工人日报 run many series (by province, industry union, city ...). Their article
titles share one form: the series name, a separator (``丨`` ``|`` ``｜`` ``】`` ``：``), the
member (``宁夏工会``, ``中国海员建设工会``), a colon, the headline. A :class:`Series` parses and
prints that form; :func:`infer_series` learns the name from a start page's own title and the
anchor texts of its links; :func:`member_of` is the one place that decides a page's member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import pairwise

from crawler.clean.provinces import first_province_in, normalize_province

DEFAULT_SERIES_NAME = "永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼"
SEP = "丨"  # U+4E28: what canonical titles print between series and member

_SEPARATORS = "丨|｜】：:"
_BAR_SEPARATORS = "丨|｜】"  # enough on their own; a colon separator needs more evidence
_DOTS = "·•・‧."
_COLON = "[：:]"
_MEMBER = r"[^：:丨|｜【】\s][^：:丨|｜【】]{0,23}?"
MIN_NAME = 4


def _name_pattern(name: str) -> str:
    """A regex for ``name`` as pages print it: spaces may be 丨 (the banner form), dots and
    spacing vary (``100 周年``, ``・``)."""
    out: list[str] = []
    for ch in name.strip():
        if ch.isspace() or ch in "丨|｜":
            if out and out[-1] != r"(?:\s*[丨|｜]\s*|\s+)":
                out.append(r"(?:\s*[丨|｜]\s*|\s+)")
        elif ch in _DOTS:
            out.append(rf"\s*[{re.escape(_DOTS)}]?\s*")
        else:
            out.append(re.escape(ch) + r"\s*")
    return "".join(out).rstrip(r"\s*")


@dataclass(frozen=True)
class Series:
    name: str

    @cached_property
    def name_re(self) -> re.Pattern[str]:
        return re.compile(_name_pattern(self.name))

    @cached_property
    def title_re(self) -> re.Pattern[str]:
        # The headline runs to its last non-space character: matched greedily, not grown one
        # character at a time until only spaces are left.
        return re.compile(
            rf"^\s*(?:【\s*)?(?:{self.name_re.pattern})\s*(?:】\s*)?(?:[丨|｜：:]\s*)?"
            rf"(?P<member>{_MEMBER})\s*{_COLON}\s*(?P<headline>\S(?:.*\S)?)\s*$"
        )

    @cached_property
    def banner_re(self) -> re.Pattern[str]:
        return re.compile(rf"^\s*【\s*(?:{self.name_re.pattern})\s*】\s*")

    def parse_title(self, text: str | None) -> tuple[str, str] | None:
        """``(member, headline)`` of a title in this series' form, else None."""
        m = self.title_re.match(text or "")
        if not m:
            return None
        member = "".join(m["member"].split())
        if len(member) < 2:
            return None
        return member, m["headline"]

    def canonical_title(self, member: str, headline: str) -> str:
        return f"{self.name}{SEP}{member}：{headline}"

    def strip_banner(self, text: str) -> tuple[str, bool]:
        """Text without a leading ``【series】`` banner, and whether there was one."""
        m = self.banner_re.match(text)
        return (text[m.end():].strip(), True) if m else (text, False)

    def mentions(self, text: str | None) -> bool:
        return bool(self.name_re.search(text or ""))


DEFAULT_SERIES = Series(DEFAULT_SERIES_NAME)


@cache
def series_named(name: str | None) -> Series:
    """The series of that name (the default one when ``name`` is empty)."""
    return Series(name.strip()) if name and name.strip() else DEFAULT_SERIES


def member_key(member: str | None, province: str | None = None) -> str | None:
    """What a member is known by in the store and in ``-a member=``: the province's short
    name for a province-level federation, else the member without spaces."""
    if province:
        return province
    if not member:
        return None
    member = "".join(member.split())
    return normalize_province(member) or member


def province_of_member(member: str | None) -> str | None:
    """``宁夏工会`` -> ``宁夏``; ``中国海员建设工会`` -> None."""
    return normalize_province(member) if member else None


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def _prefix_to_separator(prefix: str) -> tuple[str, str] | None:
    """The part of a shared prefix up to its last separator: ``(name, separator)``."""
    for i in range(len(prefix) - 1, MIN_NAME - 1, -1):
        if prefix[i] in _SEPARATORS:
            name = re.sub(r"\s*[丨|｜]\s*", " ", prefix[:i].strip().lstrip("【").strip())
            if len(name) >= MIN_NAME and not name.endswith(tuple(_SEPARATORS)):
                return name, prefix[i]
    return None


def infer_series(titles: Iterable[str | None], anchors: Iterable[str]) -> Series | None:
    """The series a page belongs to, learned from its own titles and its links' anchors.

    Titles of one series share a name and a separator, then differ in member and headline.
    A name counts when one of the page's titles (``<h1>``, ``<title>``) and at least two
    anchors parse as ``<name><sep><member>：<headline>``; with no title in that form, four
    anchors must. A colon as the separator needs one anchor more: plain titles often hold one.
    """
    own = [t.strip() for t in titles if t and t.strip()]
    texts = list(dict.fromkeys(t for t in (a.strip() for a in anchors) if 8 <= len(t) <= 200))
    pool = own + texts
    found: set[tuple[str, str]] = set()
    # The prefixes any two of them share are those that neighbours in sorted order share (what
    # two share, every text sorted between them shares too): n - 1 pairs, not n²/2.
    for a, b in pairwise(sorted(pool)):
        if (hit := _prefix_to_separator(_common_prefix(a, b))) is not None:
            found.add(hit)
    best: tuple[float, Series] | None = None
    for name, sep in found:
        series = Series(name)
        sharing = sum(1 for t in texts if series.parse_title(t))
        in_title = any(series.parse_title(t) for t in own)
        need = (2 if in_title else 4) + (1 if sep in "：:" else 0)
        if sharing < need:
            continue
        score = sharing + (5 if in_title else 0) + len(name) / 100
        if best is None or score > best[0]:
            best = (score, series)
    return best[1] if best else None


@dataclass(frozen=True)
class MemberDecision:
    member: str | None
    province: str | None
    source: str  # where it came from: title, link_hint, banner+text ...


def member_of(
    series: Series,
    *,
    title: str | None,
    link_hint: str | None = None,
    page_title: str | None = None,
    context: Iterable[str | None] = (),
) -> MemberDecision | None:
    """The one place that decides a page's member: the printed title first, then the anchor
    text that led here, then the <title>; for a page that prints no member (人民网's banner
    form, the e-paper), a province named in the kicker, headline, summary or body."""
    for source, text in (("title", title), ("link_hint", link_hint), ("title_tag", page_title)):
        parsed = series.parse_title(text)
        if parsed:
            member = parsed[0]
            return MemberDecision(member, province_of_member(member), source)
    province = first_province_in(" ".join(t for t in context if t))
    if province:
        return MemberDecision(f"{province}工会", province, "text")
    return None

