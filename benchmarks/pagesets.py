"""The page sets the extraction benchmark measures on, each page with its gold.

* ``snapshot``: ``tests/gold/<site>/<path>.json`` (the gold format of ``tests/gold/README.md``),
  pages served by ``crawler.snapshot.server.SnapshotServer()``.
* ``zoo``: ``tests/zoo/gold/<site>/<path>.json``, same format, pages served by
  ``SnapshotServer(root=tests/zoo/sites)``. Optional: skipped when there is no gold yet.
* ``real``: the labelled real pages found in ``--pages DIR`` (see benchmarks/README.md for
  where to get them), gold = ``realpages_labels.json`` (title, published_at, authors,
  source) plus the body text selected by the XPaths of ``realpages_gold.json``; split into
  ``dev``/``test`` (the first 16 pages), ``wide-dev`` (the wide set), ``fresh-dev`` (the fresh
  set) and ``fresh-test`` (a held-out set not studied yet).

Every page is decoded once, as the crawler decodes it: an ``HtmlResponse`` passed through
``crawler.middlewares.EncodingEvidenceMiddleware.process_response``.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.http import Headers, HtmlResponse, Request

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_GOLD = ROOT / "tests" / "gold"
ZOO_GOLD = ROOT / "tests" / "zoo" / "gold"
ZOO_SITES = ROOT / "tests" / "zoo" / "sites"
LABELS = Path(__file__).with_name("realpages_labels.json")
GOLD_FIELDS = ("title", "published_at", "authors", "source", "text")


@dataclass
class Page:
    name: str
    url: str
    body: bytes
    encoding: str
    html: str
    gold: dict[str, Any]


# -- decoding, as the crawler does it ----------------------------------------------------------
def _middleware():
    from crawler.middlewares import EncodingEvidenceMiddleware

    try:
        return EncodingEvidenceMiddleware()
    except TypeError:  # a constructor that wants a crawler
        from scrapy.utils.test import get_crawler

        return EncodingEvidenceMiddleware.from_crawler(get_crawler())


def decoded(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[str, str]:
    """(encoding, text) of the page after the crawler's encoding middleware."""
    request = Request(url)
    response = HtmlResponse(url=url, body=body, headers=Headers(headers or {}), request=request)
    response = _middleware().process_response(request, response, None)
    return response.encoding, response.text


def make_page(name: str, url: str, body: bytes, gold: dict[str, Any],
              headers: dict[str, str] | None = None) -> Page:
    encoding, html = decoded(url, body, headers)
    return Page(name, url, body, encoding, html, gold)


# -- snapshot-style gold (tests/gold, tests/zoo/gold) ---------------------------------------------
def _page_of(gold_dir: Path, gold: Path) -> tuple[str, str]:
    rel = gold.relative_to(gold_dir).as_posix()[: -len(".json")]
    site, _, path = rel.partition("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return site, "/" + path


def _gold_fields(item: dict[str, Any]) -> dict[str, Any]:
    # Each page is read alone here, so a page's hand-written ``_alone`` gold applies (the title
    # of an e-paper page that never names its series: tests/test_zoo.py).
    item = {**item, **item.get("_alone", {})}
    gold = {f: item.get(f) for f in GOLD_FIELDS}
    when = gold["published_at"]
    # tests/gold/README.md: a page that prints only a date has T00:00:00 in gold.
    if isinstance(when, str) and when.endswith("T00:00:00+08:00"):
        gold["published_at"] = when[:10]
    return gold


def served_pages(gold_dir: Path, sites_root: Path | None = None) -> list[Page]:
    """Every page with a gold file under ``gold_dir``, fetched once from a SnapshotServer."""
    from crawler.snapshot.server import SnapshotServer

    golds = sorted(gold_dir.rglob("*.json"))
    server = SnapshotServer() if sites_root is None else SnapshotServer(root=sites_root)
    pages = []
    with server:
        for g in golds:
            site, path = _page_of(gold_dir, g)
            if site not in server.sites:
                continue
            url = server.url(site, path)
            with urllib.request.urlopen(url, timeout=10) as resp:  # loopback only
                body, headers = resp.read(), dict(resp.headers.items())
            item = server.fill(json.loads(g.read_text("utf-8")))
            pages.append(make_page(f"{site}{path}", url, body, _gold_fields(item), headers))
    return pages


def snapshot_pages() -> list[Page]:
    return served_pages(SNAPSHOT_GOLD)


def zoo_pages() -> tuple[list[Page], str]:
    """(pages, "") or ([], why the zoo is skipped)."""
    if not ZOO_GOLD.is_dir() or not any(ZOO_GOLD.rglob("*.json")):
        return [], f"no gold files under {ZOO_GOLD.relative_to(ROOT)}/ yet"
    if not ZOO_SITES.is_dir():
        return [], f"{ZOO_SITES.relative_to(ROOT)}/ is missing"
    return served_pages(ZOO_GOLD, ZOO_SITES), ""


# -- real pages ----------------------------------------------------------------------------------
def real_pages(pages_dir: Path) -> dict[str, list[Page]]:
    """``{"dev": [...], "test": [...]}`` for the labelled pages found in ``pages_dir``."""
    from realgold import gold_for, load_labels

    labels = json.loads(LABELS.read_text("utf-8"))
    xpaths = load_labels()
    out: dict[str, list[Page]] = {}
    for name in sorted(k for k in labels if not k.startswith("_")):
        path = pages_dir / name
        if not path.is_file():
            continue
        url = f"http://127.0.0.1/realpages/{name}"  # never fetched: a base for relative links
        page = make_page(name, url, path.read_bytes(), {})
        label = labels[name]
        page.gold = {f: label[f] for f in GOLD_FIELDS if f != "text"}
        page.gold["text"] = gold_for(page.html, xpaths[name])["text"]
        out.setdefault(label["split"], []).append(page)
    return out
