"""Every page of the layout zoo (tests/zoo: page families modelled on real Chinese sites, gold
written by hand from each rendered page) extracts to its gold, field by field.

Pages listed in ``KNOWN_MISSES`` are extraction gaps not yet fixed; they are strict xfails, so
fixing one makes this test say so, and they are named in the README.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.snapshot.server import SnapshotServer
from tests.support.gold import diff_report, extract, field_diffs, page_of

ZOO = Path(__file__).parent / "zoo"
GOLD = sorted((ZOO / "gold").rglob("*.json"))
KNOWN_MISSES: dict[str, str] = {}


def alone(expected: dict) -> dict:
    """The item of a page read alone (this test), where it differs from the series crawl's: a
    page that never names its series (an e-paper page) gets it, its member and the canonical
    title only from the 新闻链接 anchor that leads to it (tests/spiders/test_zoo_crawl.py).
    Read alone, it must not invent them: the gold says so by hand in ``_alone``."""
    return {**expected, **expected.get("_alone", {})}


def _page(gold: Path) -> tuple[str, str]:
    return page_of(gold, ZOO / "gold")  # a gold .../index.html.json is the URL .../


@pytest.fixture(scope="module")
def zoo() -> Iterator[SnapshotServer]:
    with SnapshotServer(root=ZOO / "sites") as server:
        yield server


def _case(gold: Path):
    key = "/".join(_page(gold))
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[key])] if key in KNOWN_MISSES else []
    return pytest.param(gold, id=key, marks=marks)


@pytest.mark.skipif(not GOLD, reason="no zoo gold")
@pytest.mark.parametrize("gold", [_case(g) for g in GOLD])
def test_zoo_page_matches_gold(zoo, gold):
    site, path = _page(gold)
    expected = alone(zoo.fill(json.loads(gold.read_text("utf-8"))))
    got = extract(zoo.url(site, path))
    diffs = field_diffs(expected, got)
    assert not diffs, diff_report(diffs)
