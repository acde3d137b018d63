"""Every hand-written gold item agrees with the page it was read from.

Independent of the extractor (no ``crawler.locate`` / ``crawler.clean``): each page is decoded
in its real charset, whatever its HTTP header (``_headers.json``) or meta says — strict UTF-8,
else GB18030 (two 人民网 copies are GBK bytes served as utf-8, ``mobile_agg`` is UTF-8 served
as gbk, ``plain_cms`` is UTF-8 with a gb2312 meta) — and its visible text is taken with lxml: ``<head>``, ``<script>``, ``<style>``,
``display:none`` and ``hidden`` elements dropped, one line per block, whitespace (U+3000, NBSP
included) collapsed, U+200B removed. Each text field of the gold must be visible text of one
line; ``published_at`` is not checked, since a page may state it only in machine form (WeChat
``var ct``, JSON-LD, ``<time datetime>``). Both gold sets: ``tests/gold`` (pages in
``crawler/snapshot/sites``) and ``tests/zoo/gold`` (pages in ``tests/zoo/sites``).

No server: ``{{origin:<site>}}`` stays a placeholder on both sides (pages carry it too) and is
mapped to a fixed fake origin only to resolve relative hrefs and image srcs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
import pytest

from crawler.snapshot.server import SITES_DIR

TESTS = Path(__file__).parent
GOLD_SETS = {  # id prefix: (gold folder, site folder)
    "gold": (TESTS / "gold", SITES_DIR),
    "zoo": (TESTS / "zoo" / "gold", TESTS / "zoo" / "sites"),
}
# Elements that start a new line of rendered text (the rest are inline).
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
})
INVISIBLE = (
    "//head | //script | //style | //template | //noscript | //*[@hidden]"
    ' | //*[contains(translate(@style, " ", ""), "display:none")]'
)
IMAGE_ATTRS = ("src", "data-src", "data-original")
SPACE = re.compile(r"\s+")  # \s covers U+3000 and NBSP
ORIGIN = re.compile(r"\{\{origin:([\w-]+)\}\}")
FAKE_ORIGIN = re.compile(r"http://([\w-]+)\.origin\.test")
TEXT_FIELDS = ("headline", "kicker", "subtitle", "byline", "summary", "source")


def norm(text: str) -> str:
    """Whitespace as a reader sees it: runs collapsed to one space, zero-width gone, stripped."""
    return SPACE.sub(" ", text.replace("\u200b", "").replace("\ufeff", "")).strip()


def decode(raw: bytes) -> str:
    """The page's real charset: strict UTF-8, else GB18030 (a superset of GBK/GB2312)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def absolute(url: str) -> str:
    """``{{origin:x}}`` as a parseable origin, so urljoin can resolve against it."""
    return ORIGIN.sub(lambda m: f"http://{m.group(1)}.origin.test", url)


def placeholder(url: str) -> str:
    """The inverse of ``absolute``, for messages written as gold is."""
    return FAKE_ORIGIN.sub(lambda m: "{{origin:" + m.group(1) + "}}", url)


@dataclass(frozen=True)
class Page:
    lines: tuple[str, ...]  # visible text, one block per line, normalized
    anchors: tuple[tuple[str, str], ...]  # (visible text, absolute href), page order
    images: frozenset[str]  # absolute image urls of visible <img>/<amp-img>
    canonicals: frozenset[str]  # <link rel=canonical> / og:url, absolute

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _render(el: Any, out: list[str]) -> None:
    """Text of ``el`` (and its tail) with a line break around every block element."""
    if isinstance(el.tag, str):  # comments and processing instructions show no text
        block = el.tag in BLOCK
        if block:
            out.append("\n")
        if el.text:
            out.append(SPACE.sub(" ", el.text))
        for child in el:
            _render(child, out)
        if block:
            out.append("\n")
    if el.tail:
        out.append(SPACE.sub(" ", el.tail))


def read_page(file: Path, url: str) -> Page:
    # A browser reads on past a stray </html> (libxml2 stops there): drop them all, as a reader.
    source = re.sub(r"</html\s*>", "", decode(file.read_bytes()), flags=re.I)
    tree = lxml.html.fromstring(source)
    base = absolute(url)
    canonicals = frozenset(
        urljoin(base, absolute(v))
        for v in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
    )
    for bad in tree.xpath(INVISIBLE):
        bad.drop_tree()
    out: list[str] = []
    _render(tree, out)
    lines = tuple(line for line in (norm(s) for s in "".join(out).split("\n")) if line)
    anchors = tuple(
        (norm(a.text_content()), urljoin(base, absolute(a.get("href").strip())))
        for a in tree.iter("a") if a.get("href") is not None
    )
    images = frozenset(
        urljoin(base, absolute(img.get(attr).strip()))
        for img in tree.iter("img", "amp-img") for attr in IMAGE_ATTRS if img.get(attr)
    )
    return Page(lines, anchors, images, canonicals)


@dataclass(frozen=True)
class Case:
    gold: Path
    page: Path
    site: str
    path: str  # the URL path the gold stands for

    @property
    def url(self) -> str:
        return "{{origin:" + self.site + "}}" + self.path


def cases() -> list[Any]:
    params = []
    for name, (gold_dir, sites_dir) in GOLD_SETS.items():
        for gold in sorted(gold_dir.rglob("*.json")):
            rel = gold.relative_to(gold_dir).as_posix()[: -len(".json")]
            site, _, file_path = rel.partition("/")
            url_path = "/" + file_path.removesuffix("index.html")  # <dir>/index.html is <dir>/
            case = Case(gold, sites_dir / site / file_path, site, url_path)
            params.append(pytest.param(case, id=f"{name}:{site}{url_path}"))
    return params


def joined_text(sections: list[dict[str, Any]]) -> str:
    """docs/contract.md: section headings (null ones skipped) and paragraphs, one per line."""
    return "\n".join(
        line for s in sections for line in ([s["heading"]] if s["heading"] else []) + s["paragraphs"]
    )


def related_problems(gold: dict[str, Any], page: Page) -> list[str]:
    """The 新闻链接 entries are a run of consecutive anchors of the page, with exactly that text
    and href, in page order; the anchors around the run are not entries of the series (a
    dropped first, middle or last entry fails). No entries: the page prints no 新闻链接."""
    related = gold["related"]
    if not related:
        return ["related is [] but the page prints 新闻链接"] if "新闻链接" in page.text else []
    want = [(norm(r["title"]), absolute(r["url"])) for r in related]
    problems = [f"related[{i}] {r['title']!r} -> {r['url']!r} is no anchor of the page"
                for i, (r, w) in enumerate(zip(related, want, strict=True))
                if w not in page.anchors]
    starts = [i for i, a in enumerate(page.anchors) if a == want[0]]
    run = next((i for i in starts if list(page.anchors[i:i + len(want)]) == want), None)
    if not problems and run is None:
        longest = max(_common_prefix(page.anchors[i:], want) for i in starts)
        problems.append(f"related[{longest}] {related[longest]['title']!r} does not follow "
                        f"related[{longest - 1}] on the page (entries must be consecutive anchors)")
    if run is not None and gold.get("series"):
        around = [page.anchors[k] for k in (run - 1, run + len(want)) if 0 <= k < len(page.anchors)]
        problems += [f"anchor {text!r} -> {placeholder(href)!r} next to the related entries "
                     "is missing from them"
                     for text, href in around if text.startswith(gold["series"] + "丨")]
    for i, r in enumerate(related):
        member = r["title"].split("丨", 1)[-1].split("：", 1)[0]
        if "丨" in r["title"] and r.get("member") != member:
            problems.append(f"related[{i}].member {r.get('member')!r} != {member!r} (its title)")
    return problems


def _common_prefix(a: Sequence[Any], b: Sequence[Any]) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def visible_problems(gold: dict[str, Any], page: Page) -> list[str]:
    text = page.text
    values = [(f, gold[f]) for f in TEXT_FIELDS if gold.get(f) is not None]
    for i, s in enumerate(gold["sections"]):
        if s["heading"] is not None:
            values.append((f"sections[{i}].heading", s["heading"]))
        values += [(f"sections[{i}].paragraphs[{j}]", p) for j, p in enumerate(s["paragraphs"])]
    values += [(f"images[{i}].caption", im["caption"])
               for i, im in enumerate(gold["images"]) if im["caption"] is not None]
    problems = [f"{f} {v!r} is not visible text of the page"
                for f, v in values if not norm(v) or norm(v) not in text]
    problems += [f"{f} {v!r} is not normalized text ({norm(v)!r})"
                 for f, v in values if v != norm(v)]
    return problems


def header_problems(case: Case, gold: dict[str, Any], page: Page) -> list[str]:
    problems = []
    if gold["url"] != case.url:
        problems.append(f"url {gold['url']!r} != {case.url!r}")
    canonical, given = gold.get("canonical_url"), sorted(map(placeholder, page.canonicals))
    if canonical is None and given:
        problems.append(f"canonical_url is null but the page gives {given}")
    if canonical is not None and absolute(canonical) not in page.canonicals:
        problems.append(f"canonical_url {canonical!r} is not the page's canonical/og:url {given}")
    if not gold["title"].endswith(gold["headline"]):
        problems.append(f"title {gold['title']!r} does not end with headline {gold['headline']!r}")
    if gold.get("series") and gold.get("member"):
        series_title = f"{gold['series']}丨{gold['member']}：{gold['headline']}"
        if gold["title"] != series_title:
            problems.append(f"title {gold['title']!r} != {series_title!r}")
    if gold.get("byline") is not None:
        problems += [f"author {a!r} is not in byline {gold['byline']!r}"
                     for a in gold["authors"] if a not in gold["byline"]]
    text, joined = gold["text"].split("\n"), joined_text(gold["sections"]).split("\n")
    if text != joined:
        k = _common_prefix(text, joined)
        line = text[k] if k < len(text) else None
        want = joined[k] if k < len(joined) else None
        problems.append(f"text line {k} {line!r} != {want!r} (the sections joined with newlines)")
    problems += [f"images[{i}].url {im['url']!r} is no <img> of the page"
                 for i, im in enumerate(gold["images"]) if absolute(im["url"]) not in page.images]
    return problems


@pytest.mark.parametrize("case", cases())
def test_gold_matches_its_page(case: Case) -> None:
    assert case.page.is_file(), f"{case.gold} stands for {case.page}, which does not exist"
    gold = json.loads(case.gold.read_text("utf-8"))
    page = read_page(case.page, case.url)
    problems = (header_problems(case, gold, page) + visible_problems(gold, page)
                + related_problems(gold, page))
    if problems:
        pytest.fail(f"{case.gold.relative_to(TESTS)}:\n  " + "\n  ".join(problems), pytrace=False)


def test_both_gold_sets_are_found() -> None:
    """The parametrization above is not silently empty (a moved folder would pass it)."""
    ids = [p.id for p in cases()]
    assert sum(i.startswith("gold:") for i in ids) >= 40
    assert sum(i.startswith("zoo:") for i in ids) >= 25
