"""Header evidence from what a page embeds for machines: JSON-LD, microdata, ``<meta>``
tags (OpenGraph, ``article:*``, the Chinese CMS names), ``<time datetime>`` and the few
script variables that carry a publication time (WeChat's ``ct``). Where a page embeds no
publication time, the one it prints under a publication label anywhere (``page:labelled``,
the last resort before the URL).

JSON-LD and microdata are read with extruct (lenient JSON, ``@graph``, nested items). The
JSON-LD scripts are taken from the raw text, because sanitizing removes every ``<script>``
from the tree before locators read it; they are data, never executed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

import lxml.html
from extruct.jsonld import JsonLdExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from lxml import etree

from crawler.clean.dates import printed_dates
from crawler.clean.text import clean_text
from crawler.items import Candidate

ARTICLE_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle",
    "WebPage", "OpinionNewsArticle", "BackgroundNewsArticle", "Report", "SocialMediaPosting",
}
_LD_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>.*?</script>", re.I | re.S
)
# <meta> name/property (lower-cased) -> field. Chinese CMSs use their own names.
META_FIELDS: dict[str, str] = {
    "article:published_time": "published_at",
    "og:article:published_time": "published_at",
    "og:release_date": "published_at",
    "publishdate": "published_at",
    "pubdate": "published_at",
    "publish_time": "published_at",
    "publishtime": "published_at",
    "publish-time": "published_at",
    "ptime": "published_at",
    "firstpublishedtime": "published_at",
    "dc.date": "published_at",
    "dc.date.issued": "published_at",
    "datepublished": "published_at",
    "weibo:article:create_at": "published_at",
    "bytedance:published_time": "published_at",
    "others": "published_at",
    "og:title": "title",
    "articletitle": "title",
    "headline": "title",
    "author": "authors",
    "article:author": "authors",
    "dc.creator": "authors",
    "source": "source",
    "contentsource": "source",
    "og:site_name": "site_name",
}
# Script variables and JSON keys that hold the publication time (WeChat keeps it out of the
# markup; 头条-like pages print "昨天 18:47" and keep the epoch in their data; portals keep the
# article's record in a ``window.DATA = {…, "pubtime": …}``), and the page's render time, the
# anchor of such relative times. Each is tried only around an occurrence of its keyword (a
# find() in C, not a regex scan), as a whole name (not ``uptime`` for ``ptime``). A key that
# holds different values on one page is a list of items (a feed of other articles), not the
# page's own record: no evidence. Never read: update and modify keys, and build times such
# as ``<meta name="apub:time">`` (when a publishing system generated the page: hours after the
# article's own time on the pages seen).
_SCRIPT_VALUE = (r"[\"']?\s*[=:]\s*[\"']?(\d{13}|\d{10}|\d{4}-\d{1,2}-\d{1,2}"
                 r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?![\d:])")
_PUBLISHED_KEYS = (
    "publish_time", "publishTime", "publishDate", "publish_date", "pubtime", "pubTime",
    "pub_time", "pubDate", "pubdate", "pub_date", "ptime", "createTime", "create_time",
)
_SCRIPT_TIMES = (
    ("published_at", "var ct", re.compile(r"var\s+ct\s*=\s*[\"'](\d{10})[\"']")),
    *(
        ("published_at", key, re.compile(re.escape(key) + _SCRIPT_VALUE))
        for key in _PUBLISHED_KEYS
    ),
    *(
        ("rendered_at", key, re.compile(re.escape(key) + _SCRIPT_VALUE))
        for key in ("serverTime", "server_time", "serverNow", "nowTime", "now_time",
                    "currentTime", "current_time", "renderTime", "render_time")
    ),
)
# Every <script> element of the page's source, closing tag included: JSON-LD and script times
# are looked for in these (a tenth of a portal page), not in the whole page.
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.I | re.S)
_JSONLD = JsonLdExtractor()
_MICRODATA = MicrodataExtractor()


def _texts(value: Any) -> Iterator[str]:
    """Strings of a schema.org value: a string, a list, or objects with a ``name``."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)
    elif isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            yield name
        elif isinstance(value.get("properties"), dict):  # microdata
            yield from _texts(value["properties"].get("name"))


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type") or item.get("type") or []
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _article_objects(items: list[Any]) -> Iterator[dict[str, Any]]:
    for item in items:
        if not isinstance(item, dict):
            continue
        if "@graph" in item:
            yield from _article_objects(item["@graph"] if isinstance(item["@graph"], list)
                                        else [item["@graph"]])
        if _types(item) & ARTICLE_TYPES:
            yield item.get("properties", item)


def _from_article(obj: dict[str, Any], source: str) -> Iterator[Candidate]:
    for key, field in (("headline", "title"), ("name", "title"), ("datePublished", "published_at"),
                       ("dateCreated", "published_at"), ("author", "authors"),
                       ("creator", "authors"), ("sourceOrganization", "source")):
        # not ``publisher``: that is the site itself, not the outlet the article came from
        if key == "name" and obj.get("headline"):
            continue  # an article's name is its headline again
        for text in _texts(obj.get(key)):
            if text := clean_text(text):
                yield Candidate(field, text, source, key)
                if field == "title":
                    break


def jsonld_candidates(html: str) -> list[Candidate]:
    if "ld+json" not in html:
        return []
    scripts = _LD_SCRIPT.findall(html)
    if not scripts:
        return []
    doc = lxml.html.fromstring("<html><head>" + "".join(scripts) + "</head></html>")
    try:
        items = _JSONLD.extract_items(doc)
        found = list(items) if items is not None else []
    except Exception:  # noqa: BLE001 - a broken JSON-LD block is no evidence, not an error
        found = []
    out: list[Candidate] = []
    for obj in _article_objects(found):
        out.extend(_from_article(obj, "jsonld"))
    return out


def microdata_candidates(root: etree._Element, html: str, base_url: str) -> list[Candidate]:
    if "itemscope" not in html:
        return []
    try:
        items = _MICRODATA.extract_items(root, base_url)
        found = list(items)
    except Exception:  # noqa: BLE001 - malformed microdata is no evidence
        return []
    out: list[Candidate] = []
    for obj in _article_objects(found):
        out.extend(_from_article(obj, "microdata"))
    return out


def meta_candidates(root: etree._Element) -> list[Candidate]:
    out: list[Candidate] = []
    for m in root.iter("meta"):  # by tag in C, not an XPath predicate on every element
        content = m.get("content")
        if content is None:
            continue
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        field = META_FIELDS.get(key)
        if field is None:
            continue
        value = clean_text(content)
        if value:
            source = "opengraph" if key.startswith(("og:", "article:")) else "meta"
            out.append(Candidate(field, value, source, f"meta[{key}]"))
    return out


def time_candidates(root: etree._Element, scripts: str) -> list[Candidate]:
    out: list[Candidate] = []
    timed = (el for el in root.iter("time") if el.get("datetime") is not None)  # by tag in C
    for el in islice(timed, 3):
        value = el.get("datetime", "").strip()
        if value:
            out.append(Candidate("published_at", value, "time", "<time datetime>"))
    for field, key, pattern in _SCRIPT_TIMES if scripts else ():  # no script, no key to look for
        if (value := _script_value(scripts, key, pattern)) is not None:
            out.append(Candidate(field, value, "script", f"script {key}"))
    return out


def _script_value(scripts: str, key: str, pattern: re.Pattern[str]) -> str | None:
    """The one value ``key`` holds in the scripts: None when it holds none, or several."""
    found = None
    at = scripts.find(key)
    while at >= 0:
        whole = at == 0 or not (scripts[at - 1].isalnum() or scripts[at - 1] == "_")
        if whole and (m := pattern.match(scripts, at, at + 80)):
            if found is None:
                found = m.group(1)
            elif m.group(1) != found:
                return None  # a list of items, each with its own time
        at = scripts.find(key, at + len(key))
    return found


# A publication date printed under an explicit publication label (发布时间：, 发布日期：,
# 发表于 …; not a bare 时间：) anywhere on the page: pages print it where no header zone
# reaches (an article footer under the body, a table row above a body that repeats the
# headline). The visible text is read once, in C (scripts, comments and hidden elements are
# already cut out).
_PAGE_TEXT = etree.XPath("string(//body)")
_PUBLISHED_LABEL = re.compile(r"(?:发布|发表|发稿)(?:时间|日期|于)\s*[：:]?\s*")


def printed_candidates(root: etree._Element) -> list[Candidate]:
    """The date the page prints under a publication label, wherever it stands. Dates so
    labelled on different days are a list (a feed, a sidebar's articles): no evidence."""
    text = _PAGE_TEXT(root)
    found = None
    for m in _PUBLISHED_LABEL.finditer(text):
        dates = printed_dates(text[m.end():m.end() + 30])
        if not dates or dates[0][0].start() != 0:
            continue  # the label of something else (按发布时间排序)
        stamp = dates[0][1]
        if found is None:
            found = stamp
        elif stamp.day != found.day:
            return []
    return [Candidate("published_at", found.iso(), "page", "labelled")] if found else []


def embedded_candidates(root: etree._Element, html: str, base_url: str) -> list[Candidate]:
    """Every machine-readable header claim on the page, most specific families first; the
    printed labelled date only when no machine claim gives a publication time (it ranks below
    them all)."""
    scripts = "".join(_SCRIPT.findall(html))
    found = (
        jsonld_candidates(scripts)
        + microdata_candidates(root, html, base_url)
        + meta_candidates(root)
        + time_candidates(root, scripts)
    )
    if not any(c.field == "published_at" for c in found):
        found += printed_candidates(root)
    return found
