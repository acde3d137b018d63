"""Load gold items and extract the same pages through the real middleware + pipeline code."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import Any

from scrapy.http import Headers, HtmlResponse, Request
from scrapy.responsetypes import responsetypes

from crawler.clean.assemble import build_article
from crawler.clean.text import fold_width
from crawler.items import Article
from crawler.locate import locate
from crawler.middlewares import EncodingEvidenceMiddleware, SanitizeMiddleware
from crawler.snapshot.server import SnapshotServer

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
FIELDS = (
    "url", "canonical_url", "site", "article_id", "series", "member", "province", "title", "headline",
    "kicker", "subtitle", "authors", "byline", "published_at", "source", "summary", "sections",
    "text", "related", "images",
)


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.rglob("*.json"))


def page_of(gold: Path, root: Path = GOLD_DIR) -> tuple[str, str]:
    """``(site, URL path)`` of a gold file under ``root``: ``<path>/index.html.json`` stands
    for the URL ``<path>/`` (the snapshot server answers ``/`` with ``index.html``)."""
    rel = gold.relative_to(root).as_posix()[: -len(".json")]
    site, _, path = rel.partition("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return site, "/" + path


def load_gold(gold: Path, server: SnapshotServer) -> dict[str, Any]:
    return server.fill(json.loads(gold.read_text("utf-8")))


def fetch_response(url: str):
    """The page as Scrapy would hand it to the spider (after the encoding and sanitizing
    middlewares)."""
    with urllib.request.urlopen(url, timeout=10) as resp:  # loopback only
        body, headers = resp.read(), dict(resp.headers.items())
    cls = responsetypes.from_args(headers=Headers(headers), url=url, body=body)
    response = cls(url=url, body=body, headers=headers, request=Request(url))
    response = EncodingEvidenceMiddleware().process_response(response.request, response)
    return SanitizeMiddleware().process_response(response.request, response)


def _article(response, where: str) -> Article:
    located = locate(response)
    assert located is not None, f"no body located on {where}"
    return build_article(located)


def article_of(html: str, url: str = "http://127.0.0.1:9/2025/04/07/a.html") -> Article:
    """The article extracted in-process from a page written in a test, as a crawl would."""
    response = HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8",
                            request=Request(url))
    return _article(SanitizeMiddleware().process_response(response.request, response),
                    repr(html[:200]))


def extract(url: str) -> dict[str, Any]:
    return asdict(_article(fetch_response(url), url))


def diff_report(diffs: dict[str, tuple[Any, Any]]) -> str:
    """``field_diffs`` as an assertion message: each field's expected and got value."""
    return "\n".join(f"{f}: expected {e!r}\n{' ' * len(f)}  got      {g!r}"
                     for f, (e, g) in diffs.items())


def comparable(value: Any) -> Any:
    """Punctuation width folded, so comparisons don't depend on it (real pages print full-width punctuation, the seed file folded it)."""
    if isinstance(value, str):
        return fold_width(value)
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    return value


def field_diffs(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        f: (expected.get(f), got.get(f))
        for f in FIELDS
        if f in expected and comparable(expected.get(f)) != comparable(got.get(f))
    }
