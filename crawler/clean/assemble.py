"""Build an Article from a LocatedPage by reading its blocks, line by line.

The walk has three phases: the header (before the first body paragraph: headline parts,
byline, time, source, 阅读提示), the body (sections, images), and the tail (新闻链接, source
and editor lines, related lists). Boilerplate lines are dropped in every phase.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from crawler.clean import rules
from crawler.clean.byline import authors_from_byline, looks_like_byline, looks_like_name_list
from crawler.clean.dates import find_datetime, iso, parse_meta_datetime
from crawler.clean.provinces import first_province_in
from crawler.clean.series import (
    SERIES,
    MemberDecision,
    canonical_title,
    is_series_text,
    member_of,
    parse_series_title,
    series_named,
    strip_banner,
)
from crawler.clean.text import clean_text
from crawler.items import Article, Block, Kind, LocatedPage

_ID_PATTERNS = (
    re.compile(r"/c/\d{4}-\d{2}-\d{2}/(\d+)\.shtml$"),  # 中工网
    re.compile(r"/n\d/\d{4}/\d{4}/c\d+-(\d+)\.html$"),  # 人民网
    re.compile(r"/news/([A-Za-z0-9]{6,16})\.html$"),  # the aggregator
)
_TITLE_SUFFIX = re.compile(r"\s*(?:[-_|｜]{1,2}|--)\s*[^-_|｜]{1,20}(?:\s*(?:[-_|｜]{1,2}|--)\s*[^-_|｜]{1,20})*$")


_BYLINE_IN_META = re.compile(
    r"(?:本报|特约|见习)?(?:记者|作者|通讯员|撰稿)\s*[：:]?\s*[\u4e00-\u9fff·]{2,10}"
    r"(?:[\s、，,]+[\u4e00-\u9fff·]{2,10})*"
)


@dataclass
class _State:
    kicker: str | None = None
    headline: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    title_block: str | None = None
    published: datetime | None = None
    source: str | None = None
    summary: str | None = None
    banner: bool = False
    sections: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)

    def paragraph(self, text: str) -> None:
        if not self.sections:
            self.sections.append({"heading": None, "paragraphs": []})
        self.sections[-1]["paragraphs"].append(text)

    def heading(self, text: str) -> None:
        self.sections.append({"heading": text, "paragraphs": []})


def _headline_part(st: _State, text: str) -> bool:
    """原标题：…（引题） / …（主题） / …（副题）, and kicker lines ending in ——."""
    m = rules.ORIGINAL_TITLE.match(text)
    body = m["rest"] if m else text
    part = rules.PART_MARK.match(body)
    if part:
        value = rules.KICKER_DASH.sub(r"\g<text>", part["text"]).strip()
        kind = part["part"]
        if kind in ("引题", "肩题", "眉题"):
            st.kicker = st.kicker or value
        elif kind == "主题":
            st.headline = value
        else:
            st.subtitle = st.subtitle or value
        return True
    if m:  # 原标题：… without part marks: the original headline
        st.headline = st.headline or clean_text(body)
        return True
    return False


def _meta_line(st: _State, text: str) -> bool:
    """A time / source / counter line in the header. True when the line was only that."""
    found = False
    if st.published is None and (dt := find_datetime(text)):
        st.published = dt
        found = True
    src = rules.SOURCE_IN_META.search(text)
    if src:
        if st.source is None:
            st.source = src["source"].strip()
        found = True
    if found:
        # Long prose that merely mentions a date is body, not meta.
        return len(text) <= 120 and not re.search(r"[。！？]", text)
    return False


def _series_link(block: Block) -> dict[str, Any] | None:
    parsed = parse_series_title(block.text)
    return {
        "title": block.text,
        "url": block.href,
        "province": parsed[0] if parsed else first_province_in(block.text),
    }


def _walk(st: _State, blocks: list[Block]) -> None:
    phase = "header"
    summary_next = False
    plain_headings = not any(b.kind == "h" for b in blocks)
    for i, block in enumerate(blocks):
        text = block.text
        kind = block.kind
        if kind == "img":
            if phase in ("header", "body"):
                st.images.append({"url": block.src, "caption": None})
            continue
        if kind == "caption":
            if st.images and st.images[-1]["caption"] is None:
                st.images[-1]["caption"] = text
            continue
        if not text:
            continue
        if kind == "title":
            st.title_block = text
            continue
        if kind == "kicker":
            st.kicker = rules.KICKER_DASH.sub(r"\g<text>", text).strip()
            continue
        if kind == "subtitle":
            st.subtitle = text
            continue
        if kind == "byline":
            st.byline = text
            continue
        if kind == "meta":
            _meta_line(st, text)
            continue
        if rules.END_MARKERS.match(text):
            break
        if rules.RELATED_MARKER.match(text):
            phase = "related"
            continue
        if phase == "related":
            if kind == "link" and block.href:
                st.related.append(_series_link(block))
                continue
            if is_series_text(text):  # a listed title without a link
                continue
        stripped, had_banner = strip_banner(text)
        if had_banner:
            st.banner = True
            if not stripped:
                continue
            text = stripped
        m_sum = rules.SUMMARY_MARKER.match(text)
        if m_sum:
            if m_sum["rest"]:
                st.summary = m_sum["rest"]
            else:
                summary_next = True
            continue
        if summary_next:
            st.summary = text
            summary_next = False
            phase = "body"
            continue
        if m_src := rules.SOURCE_LINE.match(text):
            st.source = st.source or m_src["source"]
            continue
        if rules.is_boilerplate(text):
            continue
        if phase == "related":
            phase = "tail"
        if phase == "tail":
            continue
        if phase == "header":
            if text == st.title_block:  # the headline again, inside the located body
                continue
            if _headline_part(st, text):
                continue
            if _meta_line(st, text):
                # "2019-09-26 12:11 来源：X 作者：Y": the byline may share the meta line.
                if st.byline is None and (m := _BYLINE_IN_META.search(text)):
                    st.byline = m.group(0)
                continue
            if st.byline is None and looks_like_byline(text):
                st.byline = text
                continue
            dash = rules.KICKER_DASH.match(text)
            if st.kicker is None and st.headline is None and dash and len(text) < 80:
                st.kicker = dash["text"]
                continue
            if st.byline is None and kind == "p" and looks_like_name_list(text) and not st.sections:
                st.byline = text
                continue
            phase = "body"
        next_text = next((b.text for b in blocks[i + 1 :] if b.kind in ("p", "h") and b.text), None)
        if kind == "h" or (plain_headings and rules.looks_like_heading(text, next_text)):
            st.heading(text)
        else:
            st.paragraph(text)


def _headline_from_title(text: str, page_title: str | None) -> str:
    text, _ = strip_banner(text)
    return text or _TITLE_SUFFIX.sub("", page_title or "")


def _article_id(url: str) -> str | None:
    path = urlsplit(url).path
    for pattern in _ID_PATTERNS:
        if m := pattern.search(path):
            return m.group(1)
    return None


def _published_from_meta(meta: dict[str, str]) -> datetime | None:
    for key in ("article:published_time", "publishdate", "pubdate", "publish_time", "ptime"):
        if meta.get(key) and (dt := parse_meta_datetime(meta[key])):
            return dt
    return None


def build_article(page: LocatedPage, crawled_at: datetime | None = None) -> Article:
    st = _State()
    _walk(st, page.blocks)
    sections = [s for s in st.sections if s["heading"] or s["paragraphs"]]
    lines: list[str] = []
    for s in sections:
        if s["heading"]:
            lines.append(s["heading"])
        lines.extend(s["paragraphs"])
    text = "\n".join(lines)

    title_text = st.title_block or ""
    parsed = parse_series_title(title_text) or (
        parse_series_title(page.link_hint) if page.link_hint else None
    )
    headline = st.headline or (parsed[1] if parsed else None) or _headline_from_title(
        title_text, page.page_title
    )
    is_series = bool(parsed) or st.banner or is_series_text(title_text)
    province = parsed[0] if parsed else None
    if is_series and province is None:
        province = first_province_in(
            " ".join(filter(None, [st.kicker, headline, st.summary, text[:500]]))
        )
    if is_series and province:
        title = canonical_title(province, headline)
    else:
        title, _ = strip_banner(title_text or headline)
    published = st.published or _published_from_meta(page.meta)
    when = crawled_at or datetime.now(UTC)
    return Article(
        url=page.url,
        canonical_url=page.canonical_url,
        site=urlsplit(page.url).hostname or "",
        article_id=_article_id(page.url),
        series=SERIES if is_series else None,
        member=f"{province}工会" if is_series and province else None,
        province=province if is_series else None,
        title=title,
        headline=headline,
        kicker=st.kicker or None,
        subtitle=st.subtitle or None,
        authors=authors_from_byline(st.byline) if st.byline else [],
        byline=st.byline,
        published_at=iso(published),
        source=st.source,
        summary=st.summary,
        sections=sections,
        text=text,
        related=st.related,
        images=st.images,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        crawled_at=when.isoformat(timespec="seconds"),
        layout=page.layout,
        extractor="generic" if page.generic else "site",
        page_sha256=page.page_sha256,
    )


def page_member(page: LocatedPage) -> MemberDecision | None:
    """The member of a located page, decided as the extracted item will have it.

    The series spider calls this before extraction (to re-crawl one member); the item's
    ``member`` comes from the same decision.
    """
    series = series_named(page.series)
    title = next((b.text for b in page.blocks if b.kind == Kind.TITLE), None)
    context = [b.text for b in page.blocks[:60] if b.kind in (Kind.KICKER, Kind.P, Kind.H)]
    return member_of(series, title=title, link_hint=page.link_hint, page_title=page.page_title,
                     context=context)
