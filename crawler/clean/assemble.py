"""Build an Article from a LocatedPage: walk its blocks, gather evidence, decide each field.

The walk has three phases, each its own function: the header (title, marked parts, the
header zone and the body's first lines: headline parts, bylines, times, sources, 阅读提示),
the body (sections, images; source and byline lines at its end), and the tail (新闻链接,
related lists). Every header fact becomes a :class:`Candidate`; ``crawler.clean.decide``
picks among them by a stated order of trust, together with the page's embedded metadata.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from crawler.clean import rules
from crawler.clean.byline import (
    closing_credit,
    editor_names,
    looks_like_byline,
    looks_like_name_list,
    read_dateline,
)
from crawler.clean.decide import (
    Decision,
    decide_authors,
    decide_byline,
    decide_first,
    decide_published,
    url_date,
)
from crawler.clean.header import read_line
from crawler.clean.series import (
    DEFAULT_SERIES,
    MemberDecision,
    Series,
    infer_series,
    member_of,
    province_of_member,
    series_named,
)
from crawler.clean.text import char_pairs, clean_text, without_site_suffix
from crawler.items import Article, Block, Candidate, Kind, LocatedPage

_PAREN_BYLINE = re.compile(r"^[（(][^（）()]{2,40}[）)]$")
_SUBTITLE_DASH = re.compile(r"^\s*(?:——|—|--)\s*(?P<text>.+)$")
_KICKER_PARTS = ("引题", "肩题", "眉题")
_BANNER = re.compile(r"^\s*【(?P<name>[^】]{4,40})】")
# How many of the body's first paragraphs may open with the dateline: a gallery label or a
# lead-in line (图集) may stand before it.
_DATELINE_WITHIN = 3


@dataclass
class _Walk:
    candidates: list[Candidate] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)  # kicker / headline / subtitle
    title_block: str | None = None
    summary: str | None = None
    banner: bool = False
    dateline: bool = False  # a dateline's byline was read (新华社…电（记者 张三）)
    sections: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    related: list[Block] = field(default_factory=list)

    def part(self, name: str, value: str) -> None:
        value = value.strip()
        if value and name not in self.parts:
            self.parts[name] = value

    def add(self, field_name: str, value: str, source: str, detail: str = "") -> None:
        self.candidates.append(Candidate(field_name, value, source, detail))

    def paragraph(self, text: str) -> None:
        if not self.sections:
            self.sections.append({"heading": None, "paragraphs": []})
        self.sections[-1]["paragraphs"].append(text)

    def heading(self, text: str) -> None:
        self.sections.append({"heading": text, "paragraphs": []})

    def media(self, block: Block) -> bool:
        """Take an image or its caption; True when ``block`` was one."""
        if block.kind == Kind.IMG:
            if block.src:
                self.images.append({"url": block.src, "caption": None})
            return True
        if block.kind == Kind.CAPTION:
            if self.images and self.images[-1]["caption"] is None:
                self.images[-1]["caption"] = block.text
            return True
        return False

    def unbanner(self, text: str, series: Series) -> str:
        """``text`` without a leading 【series】 banner (noted); empty when it was only that."""
        if "【" not in text:  # most lines: no regex call
            return text
        stripped, had = series.strip_banner(text)
        if had:
            self.banner = True
            return stripped
        return text


def _headline_part(w: _Walk, text: str) -> bool:
    """原标题：…（引题） / …（主题） / …（副题）."""
    m = rules.ORIGINAL_TITLE.match(text)
    body = m["rest"] if m else text
    part = rules.PART_MARK.match(body) if "题" in body else None  # every part mark ends in 题
    if part:
        value = rules.KICKER_DASH.sub(r"\g<text>", part["text"]).strip()
        name = {"主题": "headline"}.get(part["part"], "kicker" if part["part"] in _KICKER_PARTS
                                         else "subtitle")
        if name == "headline":
            w.parts["headline"] = value  # the marked 主题 beats any unmarked headline
        else:
            w.part(name, value)
        return True
    if m:  # 原标题：… without part marks: the original headline
        w.part("original", clean_text(body))
        return True
    return False


# A line over the text sharing this much of the headline's (or 原标题's) character pairs
# repeats it: a reprint prints its source's headline there, a few words changed.
_ECHO_SHARE = 0.6


def _repeats_headline(w: _Walk, text: str) -> bool:
    """``text`` is the headline again, perhaps reworded; a sentence (。) is the text's own."""
    if "。" in text:
        return False
    for ref in (w.title_block, w.parts.get("original")):
        # Lengths first: sharing that share of pairs needs lengths within these bounds.
        if ref and _ECHO_SHARE * len(ref) <= len(text) <= len(ref) / _ECHO_SHARE:
            pairs, ref_pairs = char_pairs(text), char_pairs(ref)
            if len(pairs & ref_pairs) >= _ECHO_SHARE * max(len(pairs), len(ref_pairs), 1):
                return True
    return False


def _header_line(w: _Walk, text: str, where: str, kind: str) -> bool:
    """Read one header line; True when it was header furniture (not the body's start)."""
    if text == w.title_block or (kind != Kind.META and _repeats_headline(w, text)):
        return True
    if _headline_part(w, text):
        return True
    evidence = read_line(text, where)  # before the boilerplate test: "时间 来源 阅读 2430 次"
    if not w.dateline and (dateline := read_dateline(text)) is not None:
        # 本报讯（记者 张三）…: the parenthesis is the byline; what follows it is body.
        w.candidates += [c for c in evidence.candidates if c.field != "byline"]
        _dateline(w, dateline.byline, where)
        return dateline.alone or kind == Kind.META
    w.candidates += evidence.candidates
    if evidence.is_meta or rules.is_boilerplate(text):
        return True
    dash = rules.KICKER_DASH.match(text)
    if dash and len(text) < 80 and "headline" not in w.parts and "kicker" not in w.parts:
        w.part("kicker", dash["text"])
        return True
    if (m := _SUBTITLE_DASH.match(text)) and len(text) < 80:
        w.part("subtitle", m["text"])
        return True
    if kind != Kind.H and looks_like_name_list(text) and not w.sections:
        w.add("byline", text, where, "name list")
        return True
    return kind == Kind.META  # zone lines never become body


def _header(w: _Walk, blocks: list[Block], series: Series) -> int:
    """The header phase; returns the index of the first body block."""
    summary_next = False
    for i, block in enumerate(blocks):
        text, kind = block.text, block.kind
        if w.media(block) or not text:
            continue
        if kind == Kind.TITLE:
            stripped = w.unbanner(text, series)
            w.title_block = w.title_block or stripped or text
            continue
        if kind == Kind.KICKER:  # marked parts come first: a layout's before the zone's
            w.part("kicker", rules.KICKER_DASH.sub(r"\g<text>", text))
            continue
        if kind == Kind.SUBTITLE:
            w.part("subtitle", _SUBTITLE_DASH.sub(r"\g<text>", text))
            continue
        if kind == Kind.BYLINE:
            w.add("byline", text, "layout", "selector")
            continue
        if rules.END_MARKERS.match(text) or rules.RELATED_MARKER.match(text):
            return i
        if not (text := w.unbanner(text, series)):
            continue
        if m := rules.SUMMARY_MARKER.match(text):
            if m["rest"]:
                w.summary = m["rest"]
            else:
                summary_next = True
            continue
        if summary_next:
            w.summary = text
            return i + 1
        where = "header" if kind == Kind.META else "body-start"
        if not _header_line(w, text, where, kind):
            return i
    return len(blocks)


# A related list inside the text (相关新闻： and its links near the top, then the article) is
# furniture, not the text's end: the text resumes when this many paragraphs follow the links
# with no link between them, longer together than the text before the list.
_RESUMED_PARAGRAPHS = 3


def _text_resumes(blocks: list[Block], i: int, before: int) -> int | None:
    """Where the text goes on after the related list that ``blocks[i]`` opens, or None when
    the list ends the text (a list of teasers has a link between every paragraph or two)."""
    j = i + 1
    while j < len(blocks) and (blocks[j].kind == Kind.LINK or not blocks[j].text):
        j += 1
    if j == i + 1:
        return None  # no links under the marker
    paragraphs = length = 0
    for block in islice(blocks, j, None):
        if block.kind in (Kind.IMG, Kind.CAPTION, Kind.H) or not block.text:
            continue
        if block.kind != Kind.P or rules.END_MARKERS.match(block.text):
            break
        paragraphs, length = paragraphs + 1, length + len(block.text)
    return j if paragraphs >= _RESUMED_PARAGRAPHS and length > before else None


def _body(w: _Walk, blocks: list[Block], start: int, series: Series) -> int:
    """The body phase from ``start``; returns where the tail (新闻链接, lists) begins."""
    plain_headings = not any(b.kind == Kind.H for b in blocks[start:])
    opening = 0  # body paragraphs looked at for a dateline
    resume = start  # past a related list inside the text
    for i in range(start, len(blocks)):
        block = blocks[i]
        text, kind = block.text, block.kind
        if i < resume or w.media(block) or not text or kind == Kind.META:
            continue
        if rules.END_MARKERS.match(text) or (rules.LIST_MARKER.match(text)
                                             and _links_follow(blocks, i)):
            before = sum(len(p) for s in w.sections for p in s["paragraphs"])
            if (resume := _text_resumes(blocks, i, before) or 0) > i:
                continue
            return i
        if rules.RELATED_MARKER.match(text):
            return i
        if not (text := w.unbanner(text, series)):
            continue
        if m := rules.SOURCE_LINE.match(text):
            w.add("source", m["source"], "body-end", "来源")
            continue
        if m := rules.ORIGINAL_TITLE.match(text):  # a reprint's original headline: furniture
            w.part("original", clean_text(m["rest"]))
            continue
        if rules.is_boilerplate(text):
            continue
        if len(text) <= 40 and (_PAREN_BYLINE.match(text) or "，" not in text) and looks_like_byline(text):
            w.add("byline", text.strip("（）()"), "body-end", "byline line")
            continue
        if kind == Kind.H or (plain_headings and rules.looks_like_heading(text, _next_text(blocks, i))):
            w.heading(text)
        else:
            if not w.dateline and opening < _DATELINE_WITHIN:  # the paragraph stays body
                opening += 1
                if (dateline := read_dateline(text)) is not None:
                    _dateline(w, dateline.byline, "body-start")
            w.paragraph(text)
    return len(blocks)


def _closing_credit(w: _Walk) -> None:
    """The writer credited in brackets at the end of the text (…举行。（张巨峰）): a byline.
    The paragraph stays text unless the credit is all it holds (a byline line)."""
    paragraphs = w.sections[-1]["paragraphs"] if w.sections else []
    if paragraphs and (credit := closing_credit(paragraphs[-1])) is not None:
        w.add("byline", credit, "body-end", "closing credit")
        if paragraphs[-1].strip(" （）()") == credit:
            paragraphs.pop()


def _dateline(w: _Walk, byline: str, where: str) -> None:
    w.add("byline", byline, where, "dateline")
    w.dateline = True


def _links_follow(blocks: list[Block], i: int) -> bool:
    """The first line with text after ``blocks[i]`` is a link."""
    return next((b.kind == Kind.LINK for b in islice(blocks, i + 1, None) if b.text), False)


def _next_text(blocks: list[Block], i: int) -> str | None:
    """The text of the first paragraph or heading after ``blocks[i]``."""
    return next((b.text for b in islice(blocks, i + 1, None) if b.kind in (Kind.P, Kind.H) and b.text),
                None)


def _tail(w: _Walk, blocks: list[Block], start: int, series: Series) -> None:
    """新闻链接 entries and the source line after the body; stops at other site lists."""
    in_related = False
    for block in blocks[start:]:
        text = block.text
        if not text:
            continue
        if rules.RELATED_MARKER.match(text):
            in_related = True
            continue
        if rules.END_MARKERS.match(text):
            return
        if in_related and block.kind == Kind.LINK and block.href:
            w.related.append(block)
            continue
        if in_related and series.mentions(text):
            continue  # a listed title without a link
        if m := rules.SOURCE_LINE.match(text):
            w.add("source", m["source"], "body-end", "来源")
            continue
        if in_related and not rules.is_boilerplate(text):
            in_related = False


def _walk(page: LocatedPage, series: Series) -> _Walk:
    w = _Walk()
    blocks = page.blocks
    start = _header(w, blocks, series)
    tail = _body(w, blocks, start, series)
    _closing_credit(w)
    _tail(w, blocks, tail, series)
    if page.related_blocks:  # outside the body: its 来源 line always, its links if none inside
        outside = _Walk()
        _tail(outside, page.related_blocks, 0, series)
        w.candidates += outside.candidates
        w.related = w.related or outside.related
    return w


def _listed(page: LocatedPage) -> tuple[list[str], list[str]]:
    """Titles the page lists: every link's anchor text, and the lines of its 新闻链接
    sections (also where a bullet stands outside the anchor: ``● <a>…</a>``), bullets off."""
    anchors: list[str] = []
    related: list[str] = []
    in_related = False
    for block in (*page.blocks, *page.related_blocks):
        if rules.RELATED_MARKER.match(block.text):
            in_related = True
        elif rules.END_MARKERS.match(block.text):
            in_related = False
        elif block.kind == Kind.LINK or (in_related and block.kind == Kind.P):
            text = rules.LIST_BULLET.sub("", block.text)
            anchors.append(text)
            if in_related:
                related.append(text)
    return anchors, related


def _page_series(page: LocatedPage, w: _Walk, anchors: list[str]) -> Series | None:
    """The series the page belongs to: the crawl's, the default one, or learned from the
    page's own title and its 新闻链接 anchors."""
    if page.series:
        return series_named(page.series)
    texts = (w.title_block, page.link_hint, page.page_title)
    if w.banner or any(DEFAULT_SERIES.parse_title(t) or DEFAULT_SERIES.mentions(t) for t in texts):
        return DEFAULT_SERIES
    inferred = infer_series([w.title_block, page.page_title], anchors)
    if inferred is not None:
        return inferred
    # A 【name】 banner whose name also heads the page's own title names the series, even on
    # the oldest article of a series (it links to no other member).
    for block in page.blocks[:40]:
        if (m := _BANNER.match(block.text)) is None:
            continue
        named = series_named(re.sub(r"\s*[丨|｜]\s*", " ", m["name"]).strip())
        if any(named.parse_title(t) for t in texts):
            return named
    return None


def _related(blocks: list[Block], series: Series | None) -> list[dict[str, Any]]:
    out = []
    for block in blocks:
        parsed = series.parse_title(block.text) if series else None
        member = parsed[0] if parsed else None
        province = province_of_member(member) if member else None
        if member is None and series is not None:
            decided = member_of(series, title=None, context=[block.text])
            member, province = (decided.member, decided.province) if decided else (None, None)
        out.append({"title": block.text, "url": block.href, "member": member,
                    "province": province})
    return out


def _machine_title(page: LocatedPage) -> str | None:
    for cand in page.candidates:
        if cand.field == "title" and cand.source in ("jsonld", "microdata", "opengraph"):
            return without_site_suffix(cand.value)
    return None


# Longer lines are text, not a credit.
_CREDIT_LINE = 80


def _editor_credits(page: LocatedPage) -> list[Candidate]:
    """The editors the page prints (【责任编辑：张三】 under the text, 编辑：张三 in the info
    strip or a caption): a machine author among them is no author."""
    return [Candidate("editor", name, "page", "credit")
            for block in (*page.blocks, *page.related_blocks)
            if len(block.text) <= _CREDIT_LINE
            for name in editor_names(block.text)]


@dataclass
class Extraction:
    article: Article
    decisions: dict[str, Decision]


@dataclass
class _Reading:
    """A page walked, with its series and member identified (``member`` is None unless the
    page is an article of that series)."""

    walk: _Walk
    sections: list[dict[str, Any]]
    text: str
    series: Series | None
    member: MemberDecision | None
    parsed: tuple[str, str] | None  # (member, headline) of a title in the series form


def _links_other_members(series: Series, member: MemberDecision, related: list[str]) -> bool:
    """The page's 新闻链接 lists the series' articles of other members, and not the member
    the page itself names: it is that member's article (a series article links every
    earlier member but itself). Two listed members at least: one could be a reference."""
    listed = {parsed[0] for text in related if (parsed := series.parse_title(text))}
    provinces = {province_of_member(m) for m in listed} - {None}
    return (len(listed) >= 2 and member.member not in listed
            and (member.province is None or member.province not in provinces))


def _read(page: LocatedPage) -> _Reading:
    first_pass = _walk(page, DEFAULT_SERIES)
    anchors, related = _listed(page)
    series = _page_series(page, first_pass, anchors)
    w = first_pass if series in (None, DEFAULT_SERIES) else _walk(page, series)
    sections = [s for s in w.sections if s["heading"] or s["paragraphs"]]
    lines: list[str] = []
    for s in sections:
        if s["heading"]:
            lines.append(s["heading"])
        lines.extend(s["paragraphs"])
    text = "\n".join(lines)
    if series is None:
        return _Reading(w, sections, text, None, None, None)
    parsed = series.parse_title(w.title_block) or series.parse_title(page.link_hint)
    context = [w.parts.get("kicker"), w.title_block, w.summary, text[:500]]
    member = member_of(series, title=w.title_block, link_hint=page.link_hint,
                       page_title=page.page_title, context=context)
    is_series = member is not None and (
        bool(parsed) or w.banner or bool(page.series) or series.mentions(w.title_block)
        or series.parse_title(page.page_title) is not None
        or _links_other_members(series, member, related)
    )
    return _Reading(w, sections, text, series, member if is_series else None, parsed)


def extract(page: LocatedPage, crawled_at: datetime | None = None) -> Extraction:
    """The article and, per header field, the decision that produced it."""
    reading = _read(page)
    w, text, series, member, parsed = (reading.walk, reading.text, reading.series,
                                       reading.member, reading.parsed)
    candidates = [*page.candidates, *w.candidates]
    if (from_url := url_date(page.url)) is not None:
        candidates.append(from_url)
    if any(c.field == "authors" for c in page.candidates):  # only machine authors need them
        candidates += _editor_credits(page)
    decisions = {
        "published_at": decide_published(candidates),
        "byline": decide_byline(candidates),
        "source": decide_first("source", candidates),
    }
    decisions["authors"] = decide_authors(decisions["byline"], candidates)

    is_series = member is not None
    title_text = w.title_block or ""
    headline = (
        w.parts.get("headline")
        or (parsed[1] if parsed else None)
        or title_text
        or _machine_title(page)
        or without_site_suffix(page.page_title or "")
        or w.parts.get("original", "")
    )
    if series is not None and member is not None:
        title = series.canonical_title(member.member, headline)
    else:
        title = title_text or headline
    decisions["title"] = Decision("title", title, "series form" if is_series else "title", [])
    decisions["member"] = Decision("member", member.member if member else None,
                                   member.source if member else None, [])
    when = crawled_at or datetime.now(UTC)
    article = Article(
        url=page.url,
        canonical_url=page.canonical_url,
        site=urlsplit(page.url).hostname or "",
        article_id=page.article_id,
        series=series.name if series is not None and member is not None else None,
        member=member.member if member else None,
        province=member.province if member else None,
        title=title,
        headline=headline,
        kicker=w.parts.get("kicker") or None,
        subtitle=w.parts.get("subtitle") or None,
        authors=list(decisions["authors"].value or []),  # type: ignore[call-overload]
        byline=decisions["byline"].value,  # type: ignore[arg-type]
        published_at=decisions["published_at"].value,  # type: ignore[arg-type]
        source=decisions["source"].value,  # type: ignore[arg-type]
        summary=w.summary,
        sections=reading.sections,
        text=text,
        related=_related(w.related, series),
        images=w.images,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        crawled_at=when.isoformat(timespec="seconds"),
        layout=page.layout,
        extractor="generic" if page.generic else "site",
        page_sha256=page.page_sha256,
    )
    return Extraction(article, decisions)


def build_article(page: LocatedPage, crawled_at: datetime | None = None) -> Article:
    return extract(page, crawled_at).article


def page_member(page: LocatedPage) -> MemberDecision | None:
    """The member of a located page, decided as the extracted item will have it.

    The series spider calls this before extraction (to re-crawl one member); the item's
    ``member`` comes from the same decision, without the spider building the whole item.
    """
    return _read(page).member
